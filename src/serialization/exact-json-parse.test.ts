import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseJsonWithExactNumbers } from './exact-json-parse.js'

describe('parseJsonWithExactNumbers', () => {
  it('returns numbers as their exact source text', () => {
    const parsed = parseJsonWithExactNumbers('{"a": 0.1234567890123456789, "b": [1.0001, -2, 6.7e-05, 0], "c": 97500.10}')
    assert.deepEqual(parsed, {
      a: '0.1234567890123456789',
      b: ['1.0001', '-2', '6.7e-05', '0'],
      c: '97500.10',
    })
  })

  it('leaves strings, including digits and escaped quotes inside them, untouched', () => {
    const parsed = parseJsonWithExactNumbers('{"k1": "12 \\"34\\" 5", "k\\\\2": "x", "t": true, "n": null}')
    assert.deepEqual(parsed, { k1: '12 "34" 5', 'k\\2': 'x', t: true, n: null })
  })

  it('rejects what JSON.parse rejects', () => {
    for (const text of ['{"a": 01}', '{"a": 1.}', '{"a": -}', '{"a": .5}', '{"a": "open', '', '{"a": 1,}']) {
      assert.throws(() => parseJsonWithExactNumbers(text), SyntaxError, text)
    }
  })
})
