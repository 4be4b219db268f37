export { validateRateTable, normalizePrice, fiatKey, FIAT_KEYS, usdPrice } from './rate-table.js'
export type { RateTable, RatePrices, FiatLower, SwapUsdPrices } from './rate-table.js'
export type { RateSource } from './rate-source.js'
export { OFFLINE_RATE_PRICES } from './offline-rates.js'
export { OfflineRateSource } from './offline-rate-source.js'
export type { OfflineRateSourceOptions } from './offline-rate-source.js'
export { CoinGeckoRateSource } from './coingecko-rate-source.js'
export type { CoinGeckoRateSourceOptions } from './coingecko-rate-source.js'
export { COINGECKO_IDS } from './coingecko-mapping.js'
export { RateService } from './rate-service.js'
export type { RateServiceOptions, RateServiceLogger, RateUpdate } from './rate-service.js'
export { convertFiatToCrypto, convertCrypto, currencyPrice, publicRates } from './conversion.js'
export type { PublicRates } from './conversion.js'
export {
  RatesError,
  RatesTableInvalidError,
  RatesFileInvalidError,
  RatesProviderError,
  RatesUnavailableError,
  RatePriceMissingError,
  RatesAmountInvalidError,
} from './rate-errors.js'
export type { RatesErrorOptions, RatesProviderFailure } from './rate-errors.js'
