import assert from 'node:assert/strict'
import { test } from 'node:test'
import { postingLines, targetPosition } from './payment-posting.js'

const zero = { pending: 0n, credited: 0n, fee: 0n }
const sum = (lines: { amount: bigint }[]) => lines.reduce((s, l) => s + l.amount, 0n)

test('target: only completed/overpaid/underpaid credit the merchant, minus commission', () => {
  assert.deepEqual(targetPosition('confirming', 1000n, 0n, 100), { pending: 1000n, credited: 0n, fee: 0n })
  assert.deepEqual(targetPosition('completed', 1000n, 1000n, 100), { pending: 0n, credited: 1000n, fee: 10n })
  assert.deepEqual(targetPosition('underpaid', 500n, 300n, 100), { pending: 200n, credited: 300n, fee: 3n })
  assert.deepEqual(targetPosition('expired', 0n, 0n, 100), zero)
})

test('every posting balances to zero, forwards and backwards', () => {
  const s = 'store-1'
  const confirming = targetPosition('confirming', 1000n, 0n, 100)
  const completed = targetPosition('completed', 1000n, 1000n, 100)
  for (const [from, to] of [
    [zero, confirming],
    [confirming, completed],
    [completed, zero],
    [completed, confirming],
  ] as const) {
    const lines = postingLines(s, from, to)
    assert.ok(lines.length > 0)
    assert.equal(sum(lines), 0n)
  }
})

test('no change, no lines: re-evaluating posts nothing', () => {
  const completed = targetPosition('completed', 1000n, 1000n, 100)
  assert.deepEqual(postingLines('s', completed, completed), [])
})

test('completion moves pending to available and takes the fee', () => {
  const lines = postingLines('s', targetPosition('confirming', 1000n, 0n, 100), targetPosition('completed', 1000n, 1000n, 100))
  const by = (account: string) => lines.filter((l) => l.account === account).reduce((x, l) => x + l.amount, 0n)
  assert.equal(by('store:s:pending'), -1000n)
  assert.equal(by('store:s:available'), 990n)
  assert.equal(by('commission:s'), 10n)
  assert.equal(by('store:s:incoming'), -1000n)
})
