import assert from 'node:assert/strict'
import { test } from 'node:test'
import { uuidV7 } from './uuid-v7.js'

test('uuidV7 has the RFC 9562 layout and sorts by time', () => {
  const a = uuidV7(1_700_000_000_000)
  const b = uuidV7(1_700_000_000_001)
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(a.slice(0, 13).replace('-', ''), (1_700_000_000_000).toString(16).padStart(12, '0'))
  assert.ok(a < b)
  assert.notEqual(uuidV7(5), uuidV7(5), 'random bits differ within one millisecond')
})

test('uuidV7 random bits never repeat, across refills of the random pool', () => {
  const ids = Array.from({ length: 1000 }, () => uuidV7(1_700_000_000_000))
  assert.equal(new Set(ids).size, 1000)
  assert.equal(new Set(ids.map((id) => id.slice(14))).size, 1000)
  for (const id of ids) assert.match(id, /^018bcfe5-6800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})
