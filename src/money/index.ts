export { parseAmount, formatAmount, pow10, applyBasisPoints } from './atomic-amount.js'
export type { ParseAmountResult, ParseAmountFailure } from './atomic-amount.js'
export {
  CURRENCIES, CURRENCY_CODES, FIAT_CODES, ASSET_CODES, FIAT_DECIMALS, FIAT_MAX_WHOLE,
  isCurrencyCode, isFiatCode, currencyInfo,
} from './currencies.js'
export type {
  CurrencyCode, FiatCode, AssetCode, NetworkFamily, AddressStrategy, CurrencyInfo,
} from './currencies.js'
