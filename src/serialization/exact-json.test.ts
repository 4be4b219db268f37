import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JsonNumber, stringifyExact } from './exact-json.js'

test('writes JsonNumber as the exact decimal text, trailing zeros kept', () => {
  const text = stringifyExact({ a: new JsonNumber('100.00'), b: new JsonNumber('0.05000000'), c: [new JsonNumber('-1.5')] })
  assert.equal(text, '{"a":100.00,"b":0.05000000,"c":[-1.5]}')
  assert.deepEqual(JSON.parse(text), { a: 100, b: 0.05, c: [-1.5] })
})

test('a digits-only string stays a string; bigint becomes its decimal string', () => {
  assert.equal(stringifyExact({ s: '100.00', n: 10n ** 30n }), '{"s":"100.00","n":"1000000000000000000000000000000"}')
})

test('a client string that looks like a marker stays the string it was', () => {
  const text = stringifyExact({ m: '\u0000"}, "x": {"\u0000', n: '\u00001\u0000', o: new JsonNumber('2') })
  assert.deepEqual(JSON.parse(text), { m: '\u0000"}, "x": {"\u0000', n: '\u00001\u0000', o: 2 })
})

test('JsonNumber refuses anything but a plain decimal', () => {
  for (const bad of ['1e5', 'NaN', '', '01', '1.', '.5', '1,0']) assert.throws(() => new JsonNumber(bad), bad)
})
