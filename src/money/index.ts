export { parseAmount, formatAmount, pow10, applyBasisPoints } from './atomic-amount.js'
export { displayAmount } from './display-amount.js'
export { fiatWorth } from './fiat-worth.js'
export type { ParseAmountResult, ParseAmountFailure } from './atomic-amount.js'
export {
  CURRENCIES,
  CURRENCY_CODES,
  FIAT_CODES,
  ASSET_CODES,
  FIAT_DECIMALS,
  FIAT_MAX_WHOLE,
  isCurrencyCode,
  isFiatCode,
  currencyInfo,
  SWAP_ONLY_CURRENCY_CODES,
  SWAP_ONLY_CURRENCIES,
  SWAP_ONLY_ASSET_CODES,
  isChainCurrencyCode,
} from './currencies.js'
export type {
  CurrencyCode,
  FiatCode,
  AssetCode,
  NetworkFamily,
  AddressStrategy,
  CurrencyInfo,
  SwapOnlyCurrencyCode,
  SwapOnlyAssetCode,
  ChainCurrencyCode,
  ChainCurrencyInfo,
} from './currencies.js'
export { CURRENCY_NAMES } from './currency-names.js'
export type { CurrencyNames } from './currency-names.js'
