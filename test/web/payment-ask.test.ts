import assert from 'node:assert/strict'
import { test } from 'node:test'
import { paymentAsk } from '../../src/web/public-payment.js'

// What the payment page asks the buyer to send (public-payment.ts paymentAsk), by strategy and status.

const ask = (status: string, strategy: 'unique_address' | 'unique_amount', due: bigint, amountReceived: bigint) =>
  paymentAsk({ status: status as never, strategy, due, amountReceived })

test('nothing received: the whole due; a part on an own address: exactly the rest', () => {
  assert.deepEqual(ask('pending', 'unique_amount', 20_010_000n, 0n), { amount: 20_010_000n, partial: false, restUnmatchable: false })
  assert.deepEqual(ask('pending', 'unique_address', 10_000_000n, 3_333_333n), { amount: 6_666_667n, partial: true, restUnmatchable: false })
  assert.deepEqual(ask('confirming', 'unique_address', 10_000_000n, 9_990_000n), { amount: 10_000n, partial: true, restUnmatchable: false })
})

test('a part on a shared address: nothing to send; pending explains, confirming (forgiven shortfall) does not', () => {
  assert.deepEqual(ask('pending', 'unique_amount', 20_010_000n, 8_000_000n), { amount: null, partial: true, restUnmatchable: true })
  assert.deepEqual(ask('confirming', 'unique_amount', 40_010_000n, 40_000_000n), { amount: null, partial: true, restUnmatchable: false })
})

test('nothing due or closed: nothing to send', () => {
  for (const status of ['confirming', 'completed', 'overpaid']) assert.equal(ask(status, 'unique_address', 5n, 5n).amount, null, status)
  for (const status of ['expired', 'underpaid', 'queued']) assert.equal(ask(status, 'unique_address', 5n, 1n).amount, null, status)
})
