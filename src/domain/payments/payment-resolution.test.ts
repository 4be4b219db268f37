import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PAYMENT_STATUSES } from './payment-status.js'
import { REASON_MAX_LENGTH, normaliseReason, resolutionRefusal, resolvedStatus } from './payment-resolution.js'
import type { PaymentResolution } from './payment-resolution.js'

test('mark as paid: only from expired and underpaid', () => {
  const allowed = PAYMENT_STATUSES.filter((s) => resolutionRefusal('paid', s, null) === null)
  assert.deepEqual(allowed, ['expired', 'underpaid'])
  assert.match(resolutionRefusal('paid', 'completed', null) ?? '', /paid already/)
  assert.match(resolutionRefusal('paid', 'pending', null) ?? '', /still be paid on chain/)
})

test('mark invalid: anything but a payment confirming or selecting', () => {
  const allowed = PAYMENT_STATUSES.filter((s) => resolutionRefusal('invalid', s, null) === null)
  assert.deepEqual(allowed, ['pending', 'queued', 'completed', 'expired', 'overpaid', 'underpaid'])
  assert.match(resolutionRefusal('invalid', 'confirming', null) ?? '', /on its way/)
})

test('a resolution is final: neither kind again', () => {
  const done: PaymentResolution = { kind: 'invalid', reason: 'x', by: 'a@b', at: 1, from: 'pending' }
  for (const status of PAYMENT_STATUSES) {
    assert.match(resolutionRefusal('paid', status, done) ?? '', /already marked invalid/)
    assert.match(resolutionRefusal('invalid', status, done) ?? '', /already marked invalid/)
  }
})

test('the resolution decides the status whatever the chain evaluates', () => {
  for (const evaluated of ['pending', 'confirming', 'completed', 'overpaid', 'underpaid', 'expired'] as const) {
    assert.equal(resolvedStatus(evaluated, { kind: 'paid' }), 'completed')
    assert.equal(resolvedStatus(evaluated, { kind: 'invalid' }), 'expired')
    assert.equal(resolvedStatus(evaluated, null), evaluated)
  }
})

test('a reason is required, trimmed, at most 500 characters (counted as characters, not UTF-16 units)', () => {
  assert.equal(normaliseReason('  paid by bank transfer \n'), 'paid by bank transfer')
  assert.equal(normaliseReason('   '), null)
  assert.equal(normaliseReason('x'.repeat(REASON_MAX_LENGTH)), 'x'.repeat(500))
  assert.equal(normaliseReason('x'.repeat(REASON_MAX_LENGTH + 1)), null)
  assert.equal(normaliseReason('🙂'.repeat(REASON_MAX_LENGTH)), '🙂'.repeat(500))
})
