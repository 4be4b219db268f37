import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StoreSettingsError, parseStoreCurrencies, percentToBasisPoints } from './store.js'

test('currencies take their default strategy unless one is given', () => {
  assert.deepEqual(parseStoreCurrencies('USDT_TRC20, BTC,ETH:unique_amount'), [
    { code: 'USDT_TRC20', strategy: 'unique_amount' },
    { code: 'BTC', strategy: 'unique_address' },
    { code: 'ETH', strategy: 'unique_amount' },
  ])
})

test('unknown, repeated, empty and badly configured currencies are refused', () => {
  for (const bad of ['', 'DOGE', 'BTC,BTC', 'BTC:magic', 'usdt_trc20']) {
    assert.throws(() => parseStoreCurrencies(bad), StoreSettingsError, bad)
  }
})

test('percentages become basis points', () => {
  assert.equal(percentToBasisPoints('1', 'c'), 100)
  assert.equal(percentToBasisPoints('0.5', 'c'), 50)
  assert.equal(percentToBasisPoints('2.25', 'c'), 225)
  for (const bad of ['-1', '1.234', 'abc', '101', '']) assert.throws(() => percentToBasisPoints(bad, 'c'), StoreSettingsError, bad)
})
