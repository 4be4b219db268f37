import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JsonNumber, stringifyExact } from './exact-json.js'
import { prettyJson } from './json-pretty.js'

test('pretty JSON keeps exact numbers, strings with structure characters, and empty containers', () => {
  const compact = stringifyExact({ a: new JsonNumber('0.10000000'), s: 'x,{"y":[1]}\\"', e: [], o: {}, n: [1, { b: null }] })
  const pretty = prettyJson(compact)
  assert.equal(
    pretty,
    stringifyExact({ a: 1, s: 'x,{"y":[1]}\\"', e: [], o: {}, n: [1, { b: null }] }, 2).replace('"a": 1', '"a": 0.10000000'),
  )
  assert.deepEqual(JSON.parse(pretty), JSON.parse(compact))
})
