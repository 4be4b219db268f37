import assert from 'node:assert/strict'
import { it } from 'node:test'
import * as rates from './index.js'

// The module's public surface: adding or removing an export should be a deliberate change.
it('exports the rates public surface', () => {
  assert.deepEqual(Object.keys(rates).sort(), [
    'COINGECKO_IDS',
    'CoinGeckoRateSource',
    'FIAT_KEYS',
    'OFFLINE_RATE_PRICES',
    'OfflineRateSource',
    'RatePriceMissingError',
    'RateService',
    'RatesAmountInvalidError',
    'RatesError',
    'RatesFileInvalidError',
    'RatesProviderError',
    'RatesTableInvalidError',
    'RatesUnavailableError',
    'convertCrypto',
    'convertFiatToCrypto',
    'currencyPrice',
    'fiatKey',
    'normalizePrice',
    'publicRates',
    'usdPrice',
    'validateRateTable',
  ])
})
