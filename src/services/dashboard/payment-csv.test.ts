import assert from 'node:assert/strict'
import { test } from 'node:test'
import { csvCell, csvLine } from './payment-csv.js'

test('csvCell: RFC 4180 quoting and formula neutralisation', () => {
  assert.equal(csvCell('plain'), 'plain')
  assert.equal(csvCell('a,b'), '"a,b"')
  assert.equal(csvCell('say "hi"'), '"say ""hi"""')
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"')
  for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) assert.equal(csvCell(f).replace(/^"/, '')[0], "'", f)
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`)
  assert.equal(csvCell('12.50'), '12.50')
  assert.equal(csvLine(['a', '', 'b,c']), 'a,,"b,c"\r\n')
})
