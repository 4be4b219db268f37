import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addFiatValues, fiatValue } from './fiat-value.js'
import { OFFLINE_RATE_PRICES } from './offline-rates.js'
import { RatePriceMissingError } from './rate-errors.js'
import type { RateTable } from './rate-table.js'

const table: RateTable = { source: 'test', fetchedAt: 0, prices: OFFLINE_RATE_PRICES, swapUsd: {} }

test('fiatValue: exact, rounded down to the cent, for 6- and 18-decimal currencies', () => {
  // 25.123456 USDT × 1.0001 USD = 25.1259683… → 25.12
  assert.equal(fiatValue(table, 25_123_456n, 'USDT_TRC20', 'USD'), '25.12')
  // 0.001 BTC × 97500 = 97.50 (trailing zero kept: a money figure)
  assert.equal(fiatValue(table, 100_000n, 'BTC', 'USD'), '97.50')
  // One wei is worth less than a cent: 0.00, not a float's 3e-15.
  assert.equal(fiatValue(table, 1n, 'ETH', 'EUR'), '0.00')
  // 10^24 wei = 1 000 000 ETH: no float anywhere.
  assert.equal(fiatValue(table, 10n ** 24n, 'ETH', 'USD'), '3200000000.00')
})

test('fiatValue: a table without the price throws RatePriceMissingError; sums of values add exactly', () => {
  const without = { ...table, prices: { ...table.prices, btc: { ...table.prices.btc, usd: '0' } } }
  assert.throws(() => fiatValue(without, 1n, 'BTC', 'USD'), RatePriceMissingError)
  assert.equal(addFiatValues(['0.10', '0.20', '1234.05']), '1234.35')
  assert.equal(addFiatValues([]), '0.00')
})
