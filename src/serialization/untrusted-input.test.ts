import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_INPUT_DEPTH, untrustedInputProblem } from './untrusted-input.js'

test('control characters are refused wherever they hide; tab and line breaks are not', () => {
  assert.equal(untrustedInputProblem({ a: 'x\u0000' }), 'a must not contain control characters.')
  assert.equal(untrustedInputProblem({ m: { k: ['ok', 'b\u001b[31m'] } }), 'm.k[1] must not contain control characters.')
  assert.equal(untrustedInputProblem({ m: { 'k\u0000': 1 } }), 'A field name in m must not contain control characters.')
  assert.equal(untrustedInputProblem('\u0007', 'apiKey'), 'apiKey must not contain control characters.')
  assert.equal(untrustedInputProblem({ id: '\u0000' }, 'path parameter '), 'path parameter id must not contain control characters.')
  assert.equal(untrustedInputProblem({ msg: 'line 1\r\nline 2\tend', n: 1, b: true, z: null }), undefined)
})

test('nesting is bounded, and checking a very deep value does not recurse', () => {
  // `levels` objects, each inside the one before.
  const nest = (levels: number) => {
    let v: unknown = {}
    for (let i = 1; i < levels; i++) v = { a: v }
    return v
  }
  assert.equal(untrustedInputProblem(nest(MAX_INPUT_DEPTH)), undefined)
  assert.equal(untrustedInputProblem(nest(MAX_INPUT_DEPTH + 1)), 'a is nested more than 64 levels deep.')
  assert.match(untrustedInputProblem(nest(200_000)) ?? '', /nested more than 64 levels/)
})

test('a lone UTF-16 surrogate is refused, in a value or a field name; pairs (emoji) and other Unicode are not', () => {
  const lone = 'must be valid Unicode text (it holds a lone UTF-16 surrogate).'
  assert.equal(untrustedInputProblem(JSON.parse('{"memo":"a\\ud800b"}')), `memo ${lone}`)
  assert.equal(untrustedInputProblem({ m: { k: ['ok', 'x\udfff'] } }), `m.k[1] ${lone}`)
  assert.equal(untrustedInputProblem({ m: { '\ud83d': 1 } }), `A field name in m ${lone}`)
  assert.equal(untrustedInputProblem({ memo: 'Спасибо 🎉 謝謝 ☕', shop: '\ud83d\ude00' }), undefined)
})
