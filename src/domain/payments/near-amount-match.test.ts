import assert from 'node:assert/strict'
import { test } from 'node:test'
import { evaluatePayment } from './evaluate-payment.js'
import { isNearAmount, matchNearAmount } from './near-amount-match.js'
import type { AmountClaimant } from './near-amount-match.js'

const USDT = 1_000_000n // atomic units of one USDT
const usdt = (cents: number) => (BigInt(cents) * USDT) / 100n
const open = (id: string, cents: number): AmountClaimant => ({ id, due: usdt(cents), takesNearAmount: true })
const rival = (id: string, cents: number): AmountClaimant => ({ id, due: usdt(cents), takesNearAmount: false })

test('the round amount goes to the one payment it is near, within the tolerance', () => {
  assert.equal(matchNearAmount(usdt(4000), [open('a', 4001), open('far', 9001)], 25), 'a')
})

test('no tolerance: nothing but the exact amount is near', () => {
  assert.equal(isNearAmount(usdt(4000), usdt(4001), 0), false)
  assert.equal(isNearAmount(usdt(4001), usdt(4001), 0), true)
  assert.equal(matchNearAmount(usdt(4000), [open('a', 4001)], 0), null)
})

test('a shortfall beyond the tolerance is not near', () => {
  // 0.25 % of 40.01 is 0.100025: 39.91 is near, 39.90 is not.
  assert.equal(matchNearAmount(usdt(3991), [open('a', 4001)], 25), 'a')
  assert.equal(matchNearAmount(usdt(3990), [open('a', 4001)], 25), null)
})

test('near means completes: a matched shortfall is one evaluatePayment accepts', () => {
  for (const bp of [1, 3, 25, 100, 5_000]) {
    for (let cents = 3000; cents <= 4100; cents++) {
      if (!isNearAmount(usdt(cents), usdt(4001), bp) || usdt(cents) > usdt(4001)) continue
      const e = evaluatePayment({
        due: usdt(4001),
        toleranceBp: bp,
        expiresAt: 1,
        requiredConfirmations: 1,
        transfers: [{ amount: usdt(cents), confirmations: 1 }],
        now: 0,
      })
      assert.equal(e.status, 'completed', `${cents} cents at ${bp} bp`)
    }
  }
})

test('a little over the unique amount overpays the one payment near it; far over matches nothing', () => {
  assert.equal(matchNearAmount(usdt(4005), [open('a', 4001)], 25), 'a')
  assert.equal(matchNearAmount(usdt(4200), [open('a', 4001)], 25), null)
})

test('two payments near the amount: nobody gets it, whichever could take it', () => {
  assert.equal(matchNearAmount(usdt(4000), [open('a', 4001), open('b', 4002)], 25), null)
  assert.equal(matchNearAmount(usdt(4004), [open('a', 4001), open('b', 4002)], 25), null)
  assert.equal(matchNearAmount(usdt(4000), [open('a', 4001), rival('queued', 4000)], 25), null)
})

test('a payment that may not take a near amount still stands in the way', () => {
  assert.equal(matchNearAmount(usdt(4000), [rival('confirming', 4001)], 25), null)
  assert.equal(matchNearAmount(usdt(4001), [rival('expired', 4001), open('b', 4002)], 25), null)
})
