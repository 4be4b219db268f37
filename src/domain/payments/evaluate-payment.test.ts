import assert from 'node:assert/strict'
import { test } from 'node:test'
import { evaluatePayment } from './evaluate-payment.js'
import type { PaymentFacts } from './evaluate-payment.js'

const base: PaymentFacts = { due: 1000n, toleranceBp: 0, expiresAt: 10_000, requiredConfirmations: 2, transfers: [], now: 5_000 }

test('nothing received: pending before expiry, expired after', () => {
  assert.equal(evaluatePayment(base).status, 'pending')
  assert.equal(evaluatePayment({ ...base, now: 10_000 }).status, 'expired')
})

test('full amount unconfirmed → confirming; confirmed → completed', () => {
  assert.equal(evaluatePayment({ ...base, transfers: [{ amount: 1000n, confirmations: 1 }] }).status, 'confirming')
  const done = evaluatePayment({ ...base, transfers: [{ amount: 1000n, confirmations: 2 }] })
  assert.deepEqual(done, { status: 'completed', received: 1000n, confirmedReceived: 1000n, confirmations: 2 })
})

test('confirming does not expire', () => {
  assert.equal(evaluatePayment({ ...base, now: 99_999, transfers: [{ amount: 1000n, confirmations: 0 }] }).status, 'confirming')
})

test('more than due → overpaid once confirmed', () => {
  assert.equal(evaluatePayment({ ...base, transfers: [{ amount: 1001n, confirmations: 5 }] }).status, 'overpaid')
})

test('partial payments: pending until expiry, then underpaid; parts add up', () => {
  const part = [{ amount: 400n, confirmations: 3 }]
  assert.equal(evaluatePayment({ ...base, transfers: part }).status, 'pending')
  assert.equal(evaluatePayment({ ...base, transfers: part, now: 10_000 }).status, 'underpaid')
  const two = [
    { amount: 400n, confirmations: 3 },
    { amount: 600n, confirmations: 2 },
  ]
  assert.equal(evaluatePayment({ ...base, transfers: two }).status, 'completed')
  assert.equal(evaluatePayment({ ...base, transfers: two }).confirmations, 2)
})

test('tolerance forgives the configured share, and no more', () => {
  const f = { ...base, toleranceBp: 100 } // 1 %
  assert.equal(evaluatePayment({ ...f, transfers: [{ amount: 990n, confirmations: 2 }] }).status, 'completed')
  assert.equal(evaluatePayment({ ...f, transfers: [{ amount: 989n, confirmations: 2 }] }).status, 'pending')
})

test('a lost transfer (reorg) takes a completed payment back to pending', () => {
  assert.equal(evaluatePayment({ ...base, transfers: [] }).status, 'pending')
})
