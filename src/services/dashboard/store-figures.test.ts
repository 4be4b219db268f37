import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OFFLINE_RATE_PRICES } from '../../rates/index.js'
import type { RateTable } from '../../rates/index.js'
import { fiatTotals } from './store-figures.js'

const table: RateTable = { source: 'test', fetchedAt: 0, prices: OFFLINE_RATE_PRICES, swapUsd: {} }

test('fiatTotals: each currency in USD at the table price, and their sum', () => {
  const t = fiatTotals(
    table,
    new Map([
      ['USDT_TRC20', 25_000_000n],
      ['BTC', 100_000n],
    ]),
  )
  assert.equal(t.fiat, 'USD')
  assert.deepEqual(
    [...t.values],
    [
      ['USDT_TRC20', '25.00'],
      ['BTC', '97.50'],
    ],
  )
  assert.equal(t.total, '122.50')
})

test('fiatTotals: no rate table, or no price for an asset, gives null ("—"), and then no total', () => {
  const none = fiatTotals(null, new Map([['ETH', 10n ** 18n]]), 'EUR')
  assert.deepEqual([...none.values], [['ETH', null]])
  assert.equal(none.total, null)
  const noBtc = { ...table, prices: { ...table.prices, btc: { ...table.prices.btc, usd: '0' } } }
  const partial = fiatTotals(
    noBtc,
    new Map([
      ['ETH', 10n ** 18n],
      ['BTC', 1n],
    ]),
  )
  assert.deepEqual(
    [...partial.values],
    [
      ['ETH', '3200.00'],
      ['BTC', null],
    ],
  )
  assert.equal(partial.total, null, 'a sum that leaves a currency out would mislead')
  assert.equal(fiatTotals(table, new Map()).total, null)
})
