import assert from 'node:assert/strict'
import { test } from 'node:test'
import { effectiveExchangeFee, quoteExchange } from './exchange-quote.js'

// The seed's ETH → DOGE example. Its prices are printed rounded (4300.8836, 0.22014648); the
// source prices behind them are 4300.88362842 (amount_usd of 1 ETH gives it to 8 decimals)
// and a DOGE price that rounds to 0.22014648: 0.22014647970018 reproduces every figure.
test("the seed's ETH → DOGE quote to the digit: 1 ETH, fee 0.6 %", () => {
  const q = quoteExchange({
    amount: '1.00000000',
    fromPriceUsd: '4300.88362842',
    toPriceUsd: '0.22014647970018',
    feeHundredths: 60,
    toPrecision: 8,
  })
  assert.deepEqual(q, {
    amountUsd: '4300.88362842',
    finalUsd: '4275.07832665',
    estimatedReceive: '19419.24455241',
    fromPriceShown: '4300.8836',
    toPriceShown: '0.22014648',
  })
})

test('fee rule: min(max(requested or default, default, 0.50), 3.00)', () => {
  assert.equal(effectiveExchangeFee(60, 50), 60)
  assert.equal(effectiveExchangeFee(null, 50), 50)
  assert.equal(effectiveExchangeFee(null, 20), 50, 'never under 0.50 %')
  assert.equal(effectiveExchangeFee(30, 80), 80, 'a request under the default gets the default')
  assert.equal(effectiveExchangeFee(450, 50), 300, 'capped at 3.00 %')
  assert.equal(effectiveExchangeFee(null, 300), 300)
})
