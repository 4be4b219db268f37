import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { payments } from 'bitcoinjs-lib'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import { ScriptMatcher } from './script-matcher.js'

const network = bitcoinLikeNetwork('bitcoin')

function p2wpkh(hash = randomBytes(20)) {
  const p = payments.p2wpkh({ hash, network })
  return { address: p.address as string, script: p.output as Uint8Array }
}

test('a watched script matches to its address; others do not', () => {
  const m = new ScriptMatcher()
  const a = p2wpkh()
  const b = p2wpkh()
  assert.equal(m.match(a.script), undefined, 'an empty matcher matches nothing')
  m.add(a.address, a.script)
  assert.equal(m.size, 1)
  assert.equal(m.match(a.script), a.address)
  assert.equal(m.has(a.script), true)
  assert.equal(m.match(b.script), undefined)
  assert.equal(m.has(b.script), false)
})

test('the same 20-byte hash in P2PKH and P2WPKH scripts are two different keys', () => {
  const hash = randomBytes(20)
  const wpkh = p2wpkh(hash)
  const pkh = payments.p2pkh({ hash, network })
  const m = new ScriptMatcher()
  m.add(wpkh.address, wpkh.script)
  assert.equal(m.match(pkh.output as Uint8Array), undefined)
  m.add(pkh.address as string, pkh.output as Uint8Array)
  assert.equal(m.match(pkh.output as Uint8Array), pkh.address)
  assert.equal(m.match(wpkh.script), wpkh.address)
  assert.equal(m.size, 2)
})

test('a script inside a larger buffer (a block) matches by its own bytes only', () => {
  const a = p2wpkh()
  const m = new ScriptMatcher()
  m.add(a.address, a.script)
  const block = new Uint8Array(100)
  block.set(a.script, 37)
  assert.equal(m.match(block.subarray(37, 37 + a.script.length)), a.address)
  assert.equal(m.match(block.subarray(36, 36 + a.script.length)), undefined)
})

test('delete stops watching; adding again replaces the address', () => {
  const a = p2wpkh()
  const m = new ScriptMatcher()
  m.add('first', a.script)
  m.add(a.address, a.script)
  assert.equal(m.size, 1)
  assert.equal(m.match(a.script), a.address)
  assert.equal(m.delete(a.script), true)
  assert.equal(m.delete(a.script), false)
  assert.equal(m.match(a.script), undefined)
  assert.equal(m.size, 0)
})
