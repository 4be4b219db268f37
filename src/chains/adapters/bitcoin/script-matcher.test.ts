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
  // matchAt reads the same bytes where they lie, without a view.
  assert.equal(m.matchAt(block, 37, a.script.length), a.address)
  assert.equal(m.matchAt(block, 36, a.script.length), undefined, 'one byte early')
  assert.equal(m.matchAt(block, 37, a.script.length - 1), undefined, 'one byte short')
  assert.equal(m.matchAt(block, 37, a.script.length + 1), undefined, 'one byte long')
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

test('20,000 scripts of every length from 1 to 40 bytes through growth, deletion and re-adding', () => {
  const m = new ScriptMatcher()
  // Distinct by construction: short random scripts would repeat (there are 256 one-byte ones).
  const unique = new Map<string, Uint8Array>()
  for (let i = 0; unique.size < 20_000; i++) {
    const s = randomBytes(1 + (i % 40))
    unique.set(s.toString('hex'), s)
  }
  const scripts = [...unique.values()]
  const expect = (i: number, deleted: boolean) => (deleted && i % 2 === 0 ? undefined : `a${i}`)
  for (const [i, s] of scripts.entries()) m.add(`a${i}`, s)
  assert.equal(m.size, 20_000)
  for (const [i, s] of scripts.entries()) assert.equal(m.match(s), expect(i, false))
  for (const [i, s] of scripts.entries()) if (i % 2 === 0) assert.equal(m.delete(s), true)
  assert.equal(m.size, 10_000)
  for (const [i, s] of scripts.entries()) assert.equal(m.match(s), expect(i, true))
  // Re-adding after deletions reuses the table (tombstones are cleared by a same-size rehash).
  for (let round = 0; round < 3; round++) {
    for (const [i, s] of scripts.entries()) if (i % 2 === 0) m.add(`b${i}`, s)
    assert.equal(m.size, 20_000)
    for (const [i, s] of scripts.entries()) if (i % 2 === 0) m.delete(s)
  }
  for (const [i, s] of scripts.entries()) assert.equal(m.match(s), expect(i, true))
  assert.equal(m.match(randomBytes(22)), undefined)
})

test('an address that is not ASCII is refused (addresses are stored as bytes)', () => {
  assert.throws(() => new ScriptMatcher().add('bc1é', randomBytes(22)), TypeError)
})
