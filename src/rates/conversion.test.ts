import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { convertCrypto, convertFiatToCrypto, publicRates } from './conversion.js'
import { OfflineRateSource } from './offline-rate-source.js'
import { RatePriceMissingError, RatesAmountInvalidError } from './rate-errors.js'
import type { RateTable } from './rate-table.js'

const bundled = await new OfflineRateSource({ loadedAt: 0 }).fetchRates()

function editable(): RateTable {
  return structuredClone(bundled)
}

describe('convertFiatToCrypto', () => {
  it('gives the seed example: 5000 RUB is 55.24 USDT_TRC20, rounded down from 55.2486', () => {
    assert.equal(convertFiatToCrypto(bundled, '5000', 'RUB', 'USDT_TRC20'), 55_240_000n)
  })

  it('converts 100 USD to 0.00102564 BTC at 97500', () => {
    assert.equal(convertFiatToCrypto(bundled, '100', 'USD', 'BTC'), 102_564n)
  })

  it('rounds down to quoteDecimals, then scales to atomic units', () => {
    // 10 / 0.935 = 10.6951…: nearest would be 10.70.
    assert.equal(convertFiatToCrypto(bundled, '10', 'EUR', 'USDT_ERC20'), 10_690_000n)
    // 100 / 3200 = 0.03125 exactly; ETH is quoted to 8 decimals and held in wei.
    assert.equal(convertFiatToCrypto(bundled, '100', 'USD', 'ETH'), 31_250_000_000_000_000n)
    // 12.50 / 91200 = 0.000137061…
    assert.equal(convertFiatToCrypto(bundled, '12.50', 'EUR', 'BTC'), 13_706n)
    // TRX is quoted to all 6 of its decimals: 1 / 0.25 = 4.
    assert.equal(convertFiatToCrypto(bundled, '1', 'USD', 'TRX'), 4_000_000n)
  })

  it('uses the cny and gbp columns', () => {
    // 7.2 CNY / 7.2 = 1 USDT; 0.79 GBP / 0.79 = 1 USDT.
    assert.equal(convertFiatToCrypto(bundled, '7.2', 'CNY', 'USDT_TRC20'), 1_000_000n)
    assert.equal(convertFiatToCrypto(bundled, '0.79', 'GBP', 'USDT_TRC20'), 1_000_000n)
  })

  it('rounds the exact quotient, not one already rounded to a working precision', () => {
    const table = editable()
    table.prices.usdt.usd = '100.00000000000000000000001'
    // 5524 / 100.00000000000000000000001 = 55.2399999999999999999999944…; 20 significant
    // digits would make that 55.24.
    assert.equal(convertFiatToCrypto(table, '5524', 'USD', 'USDT_TRC20'), 55_230_000n)
  })

  it('converts zero to zero', () => {
    assert.equal(convertFiatToCrypto(bundled, '0', 'USD', 'BTC'), 0n)
  })

  it('refuses malformed or negative amounts', () => {
    for (const amount of ['-5', '1e3', '', '5,00', ' 5', '.5', 'NaN']) {
      assert.throws(() => convertFiatToCrypto(bundled, amount, 'USD', 'BTC'), RatesAmountInvalidError, amount)
    }
  })

  it('throws RatePriceMissingError on a zero, missing or malformed price', () => {
    const zero = editable()
    zero.prices.usdt.rub = '0.000'
    assert.throws(
      () => convertFiatToCrypto(zero, '5000', 'RUB', 'USDT_TRC20'),
      (err: unknown) => {
        assert.ok(err instanceof RatePriceMissingError)
        assert.equal(err.code, 'RATES_PRICE_MISSING')
        assert.match(err.message, /usdt\/rub/)
        return true
      },
    )
    const missingRow = editable()
    delete (missingRow.prices as Partial<RateTable['prices']>).trx
    assert.throws(() => convertFiatToCrypto(missingRow, '1', 'USD', 'TRX'), RatePriceMissingError)
    const malformed = editable()
    malformed.prices.btc.gbp = '7.7e4'
    assert.throws(() => convertFiatToCrypto(malformed, '1', 'GBP', 'BTC'), RatePriceMissingError)
  })
})

describe('convertCrypto', () => {
  it('converts between assets through their USD prices', () => {
    // 97500 / 3200 = 30.46875 ETH
    assert.equal(convertCrypto(bundled, 100_000_000n, 'BTC', 'ETH'), 30_468_750_000_000_000_000n)
    // 1.0001 / 0.25 = 4.0004 TRX
    assert.equal(convertCrypto(bundled, 1_000_000n, 'USDT_ERC20', 'TRX'), 4_000_400n)
  })

  it('rounds down to the target quoteDecimals', () => {
    // 3200 / 97500 = 0.0328205128… BTC
    assert.equal(convertCrypto(bundled, 10n ** 18n, 'ETH', 'BTC'), 3_282_051n)
    // 0.0000999 BTC = 9.74025 USD = 9.73927… USDT: nearest would be 9.74.
    assert.equal(convertCrypto(bundled, 9_990n, 'BTC', 'USDT_TRC20'), 9_730_000n)
  })

  it('moves the same asset between networks unchanged', () => {
    assert.equal(convertCrypto(bundled, 1_234_567n, 'USDT_TRC20', 'USDT_ERC20'), 1_234_567n)
    assert.equal(convertCrypto(bundled, 123_456_789n, 'BTC', 'BTC'), 123_456_789n)
  })

  it('needs no price for a same-asset move', () => {
    const table = editable()
    table.prices.usdt.usd = '0'
    assert.equal(convertCrypto(table, 5n, 'USDT_ERC20', 'USDT_TRC20'), 5n)
    assert.throws(() => convertCrypto(table, 5n, 'USDT_ERC20', 'BTC'), RatePriceMissingError)
  })

  it('refuses a negative amount', () => {
    assert.throws(() => convertCrypto(bundled, -1n, 'BTC', 'ETH'), RatesAmountInvalidError)
  })
})

describe('publicRates', () => {
  it('lists every asset and fiat in a fixed order with the table prices', () => {
    const rates = publicRates(bundled)
    assert.deepEqual(Object.keys(rates), ['btc', 'eth', 'usdt', 'ltc', 'trx'])
    assert.deepEqual(rates.usdt, { usd: '1.0001', eur: '0.935', rub: '90.5', cny: '7.2', gbp: '0.79' })
    assert.deepEqual(rates.btc, bundled.prices.btc)
  })

  it('returns a copy the caller may change', () => {
    const rates = publicRates(bundled)
    rates.btc.usd = '1'
    assert.equal(publicRates(bundled).btc.usd, '97500')
  })

  it('throws on a zero price rather than publishing it', () => {
    const table = editable()
    table.prices.ltc.eur = '0'
    assert.throws(() => publicRates(table), RatePriceMissingError)
  })
})
