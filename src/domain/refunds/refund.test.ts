import assert from 'node:assert/strict'
import { test } from 'node:test'
import { committedAmount, refundableAmount, refundedAmount, refundStatus, refundTxHash } from './refund.js'

const r = (amount: bigint, payoutStatus: 'queued' | 'signed' | 'broadcast' | 'confirmed' | 'failed' | null) => ({
  amount,
  payoutId: payoutStatus === null ? null : 'p',
  payoutStatus,
  txHash: payoutStatus === null || payoutStatus === 'queued' ? null : '0xabc',
})

test('status follows the payout: no payout is awaiting the address; signed is not yet sent', () => {
  assert.equal(refundStatus(r(1n, null)), 'awaiting_address')
  assert.equal(refundStatus(r(1n, 'queued')), 'queued')
  assert.equal(refundStatus(r(1n, 'signed')), 'queued')
  assert.equal(refundStatus(r(1n, 'broadcast')), 'sent')
  assert.equal(refundStatus(r(1n, 'confirmed')), 'confirmed')
  assert.equal(refundStatus(r(1n, 'failed')), 'failed')
  assert.equal(refundTxHash(r(1n, 'signed')), null)
  assert.equal(refundTxHash(r(1n, 'broadcast')), '0xabc')
})

test('refundable: credited less every refund not failed; failed ones give their amount back', () => {
  const refunds = [r(30n, null), r(20n, 'broadcast'), r(40n, 'failed'), r(5n, 'confirmed')]
  assert.equal(committedAmount(refunds), 55n)
  assert.equal(refundedAmount(refunds), 5n)
  assert.equal(refundableAmount(100n, refunds), 45n)
  assert.equal(refundableAmount(50n, refunds), 0n)
  assert.equal(refundableAmount(100n, []), 100n)
})

test('a cancelled link holds nothing and reads cancelled, whatever else it carries', () => {
  const cancelled = { ...r(30n, null), cancelledAt: 1 }
  assert.equal(refundStatus(cancelled), 'cancelled')
  assert.equal(committedAmount([cancelled, r(20n, 'queued')]), 20n)
  assert.equal(refundableAmount(100n, [cancelled]), 100n)
})
