import assert from 'node:assert/strict'
import { test } from 'node:test'
import { paymentFiatValue } from './payment-rate.js'

const base = { currency: 'BTC' as const, amountRequested: 12_345_678n, fiatAmount: null, fiatCurrency: null, rate: null }

test('a crypto amount at the recorded rate: exact, rounded down to cents', () => {
  const v = paymentFiatValue({ ...base, rate: { fiat: 'USD', price: '97500.5' } })
  // 0.12345678 × 97500.5 = 12037.09778…
  assert.deepEqual(v, { fiat: 'USD', amount: '12037.09', basis: 'rate', price: '97500.5', priceDerived: false })
})

test('a fiat amount keeps what was asked; the rate is the recorded one, or worked out and marked so', () => {
  const asked = { ...base, fiatAmount: '100', fiatCurrency: 'EUR' }
  assert.deepEqual(paymentFiatValue({ ...asked, rate: { fiat: 'EUR', price: '91200' } }), {
    fiat: 'EUR',
    amount: '100.00',
    basis: 'requested',
    price: '91200',
    priceDerived: false,
  })
  assert.deepEqual(paymentFiatValue(asked), { fiat: 'EUR', amount: '100.00', basis: 'requested', price: '810.000066', priceDerived: true })
})

test('no fiat amount and no rate: unknown', () => {
  assert.equal(paymentFiatValue(base), null)
})
