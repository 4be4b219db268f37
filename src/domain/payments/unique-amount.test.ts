import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pickFreeAmount, uniqueAmountCandidates } from './unique-amount.js'

const STEP = 10_000n // 0.01 USDT

test('candidates are base + k steps for k = 1…slots', () => {
  assert.deepEqual(uniqueAmountCandidates(100_000_000n, STEP, 3), [100_010_000n, 100_020_000n, 100_030_000n])
})

test('picks the lowest free candidate', () => {
  const c = uniqueAmountCandidates(100_000_000n, STEP, 3)
  assert.equal(pickFreeAmount(c, new Set()), 100_010_000n)
  assert.equal(pickFreeAmount(c, new Set([100_010_000n])), 100_020_000n)
  assert.equal(pickFreeAmount(c, new Set([100_010_000n, 100_020_000n])), 100_030_000n)
})

test('returns null when all are held: the payment queues', () => {
  const c = uniqueAmountCandidates(5_000_000n, STEP, 2)
  assert.equal(pickFreeAmount(c, new Set(c)), null)
})

test('a final amount held by another base amount is not handed out twice', () => {
  // 100.13 + 0.01 and 100.00 + 0.14 are the same transfer on chain.
  const held = new Set(uniqueAmountCandidates(100_130_000n, STEP, 1))
  const c = uniqueAmountCandidates(100_000_000n, STEP, 20)
  const taken = new Set<bigint>(held)
  for (let i = 0; i < 19; i++) {
    const a = pickFreeAmount(c, taken)
    assert.notEqual(a, null)
    assert.ok(!taken.has(a!))
    taken.add(a!)
  }
  assert.ok(taken.has(100_140_000n))
  assert.equal(pickFreeAmount(c, taken), null)
})
