import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FormTokenSigner } from './form-token.js'

const key = Buffer.alloc(32, 3)
const signer = new FormTokenSigner(key, 'withdrawal')
const values = ['ETH', '0.25', '0xabc']

test('a token opens to its nonce for the same binding, values and time, and to nothing otherwise', () => {
  const token = signer.issue('session-a', values, 1_000)
  const nonce = signer.open(token, 'session-a', values, 999)
  assert.match(String(nonce), /^[A-Za-z0-9_-]{24}$/)
  assert.equal(token.split('.')[0], nonce)
  assert.equal(signer.open(token, 'session-b', values, 999), null, 'another session')
  assert.equal(signer.open(token, 'session-a', ['ETH', '0.26', '0xabc'], 999), null, 'another amount')
  assert.equal(signer.open(token, 'session-a', ['ETH', '0.2', '50xabc'], 999), null, 'values cannot be shifted between fields')
  assert.equal(new FormTokenSigner(key, 'other-form').open(token, 'session-a', values, 999), null, 'another purpose')
  assert.equal(signer.open(token, 'session-a', values, 1_000), 'expired')
  const [n, , mac] = token.split('.')
  assert.equal(signer.open(`${n}.9999999.${mac}`, 'session-a', values, 999), null, 'a later expiry written in')
  for (const junk of ['', 'a.b.c', `${token}x`, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))])
    assert.equal(signer.open(junk, 'session-a', values, 999), null, junk)
})

test('two tokens for the same values have different nonces', () => {
  assert.notEqual(signer.issue('s', values, 5).split('.')[0], signer.issue('s', values, 5).split('.')[0])
})
