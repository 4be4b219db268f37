/**
 * The currencies a store can accept. Each is an asset on one network family; `asset` is the
 * key rates are quoted under. Confirmation thresholds follow DESIGN.md (BTC 2, LTC 6, ETH and
 * ERC-20 12, TRON 19). `quoteDecimals` is the precision amounts are quoted in when converted
 * from fiat and the minimum fraction digits shown; `decimals` is the chain's atomic precision.
 */

export const CURRENCY_CODES = ['USDT_TRC20', 'USDT_ERC20', 'BTC', 'ETH', 'LTC', 'TRX'] as const
export type CurrencyCode = (typeof CURRENCY_CODES)[number]

/**
 * Coins the chain adapters move for the Swap API only (deposits and payouts of its orders).
 * They are not Merchant API currencies: the Merchant API seed lists none of them, so a store
 * cannot accept them, /api/v1/rates does not show them, and isCurrencyCode refuses them.
 */
export const SWAP_ONLY_CURRENCY_CODES = ['DOGE', 'XRP', 'TON', 'SOL'] as const
export type SwapOnlyCurrencyCode = (typeof SWAP_ONLY_CURRENCY_CODES)[number]

/** Anything a chain adapter receives or sends: a Merchant API currency or a swap-only coin. */
export type ChainCurrencyCode = CurrencyCode | SwapOnlyCurrencyCode

export const FIAT_CODES = ['USD', 'EUR', 'RUB', 'CNY', 'GBP'] as const
export type FiatCode = (typeof FIAT_CODES)[number]

/** Rates are quoted per asset, not per network: USDT on TRON and on Ethereum share one price. */
export type AssetCode = 'btc' | 'eth' | 'usdt' | 'ltc' | 'trx'
export const ASSET_CODES: readonly AssetCode[] = ['btc', 'eth', 'usdt', 'ltc', 'trx']

/** Assets priced for the Swap API only (USD); the Merchant API's rate table does not show them. */
export type SwapOnlyAssetCode = 'doge' | 'xrp' | 'ton' | 'sol'
export const SWAP_ONLY_ASSET_CODES: readonly SwapOnlyAssetCode[] = ['doge', 'xrp', 'ton', 'sol']

export type NetworkFamily = 'bitcoin' | 'litecoin' | 'ethereum' | 'tron' | 'dogecoin' | 'xrp' | 'ton' | 'solana'

export type AddressStrategy = 'unique_address' | 'unique_amount'

/** What the chain layer needs of any coin it moves. */
export interface ChainCurrencyInfo {
  code: ChainCurrencyCode
  asset: AssetCode | SwapOnlyAssetCode
  network: NetworkFamily
  /** Atomic precision on chain: sat = 8, wei = 18, USDT = 6, sun = 6, drop = 6, nanoton = 9, lamport = 9. */
  decimals: number
  confirmations: number
  /** Present for tokens (ERC-20, TRC-20); the contract address is the network's business. */
  token?: { symbol: string }
}

export interface CurrencyInfo extends ChainCurrencyInfo {
  code: CurrencyCode
  asset: AssetCode
  quoteDecimals: number
  defaultStrategy: AddressStrategy
  /**
   * Step of the unique-amount offset in atomic units: small next to a typical payment (about a
   * cent of USDT, a dollar of BTC or less) so the buyer barely notices it.
   */
  uniqueStep: bigint
  /** Largest amount accepted in one payment, in whole units: more is a typo, not an order. */
  maxWholeAmount: bigint
}

export const CURRENCIES: Readonly<Record<CurrencyCode, CurrencyInfo>> = {
  USDT_TRC20: {
    code: 'USDT_TRC20',
    asset: 'usdt',
    network: 'tron',
    decimals: 6,
    quoteDecimals: 2,
    confirmations: 19,
    defaultStrategy: 'unique_amount',
    uniqueStep: 10_000n,
    maxWholeAmount: 1_000_000_000n,
    token: { symbol: 'USDT' },
  },
  USDT_ERC20: {
    code: 'USDT_ERC20',
    asset: 'usdt',
    network: 'ethereum',
    decimals: 6,
    quoteDecimals: 2,
    confirmations: 12,
    defaultStrategy: 'unique_amount',
    uniqueStep: 10_000n,
    maxWholeAmount: 1_000_000_000n,
    token: { symbol: 'USDT' },
  },
  BTC: {
    code: 'BTC',
    asset: 'btc',
    network: 'bitcoin',
    decimals: 8,
    quoteDecimals: 8,
    confirmations: 2,
    defaultStrategy: 'unique_address',
    uniqueStep: 1_000n,
    maxWholeAmount: 21_000_000n,
  },
  ETH: {
    code: 'ETH',
    asset: 'eth',
    network: 'ethereum',
    decimals: 18,
    quoteDecimals: 8,
    confirmations: 12,
    defaultStrategy: 'unique_address',
    uniqueStep: 100_000_000_000_000n,
    maxWholeAmount: 150_000_000n,
  },
  LTC: {
    code: 'LTC',
    asset: 'ltc',
    network: 'litecoin',
    decimals: 8,
    quoteDecimals: 8,
    confirmations: 6,
    defaultStrategy: 'unique_address',
    uniqueStep: 100_000n,
    maxWholeAmount: 84_000_000n,
  },
  TRX: {
    code: 'TRX',
    asset: 'trx',
    network: 'tron',
    decimals: 6,
    quoteDecimals: 6,
    confirmations: 19,
    defaultStrategy: 'unique_address',
    uniqueStep: 10_000n,
    maxWholeAmount: 100_000_000_000n,
  },
}

/**
 * The swap-only coins. Confirmations match the Swap API's coin table (src/domain/swap/swap-coins.ts):
 * Dogecoin 6 blocks; the XRP Ledger, TON and Solana finalise a transaction in one ledger/block.
 */
export const SWAP_ONLY_CURRENCIES: Readonly<Record<SwapOnlyCurrencyCode, ChainCurrencyInfo>> = {
  DOGE: { code: 'DOGE', asset: 'doge', network: 'dogecoin', decimals: 8, confirmations: 6 },
  XRP: { code: 'XRP', asset: 'xrp', network: 'xrp', decimals: 6, confirmations: 1 },
  TON: { code: 'TON', asset: 'ton', network: 'ton', decimals: 9, confirmations: 1 },
  SOL: { code: 'SOL', asset: 'sol', network: 'solana', decimals: 9, confirmations: 1 },
}

/** Fiat amounts carry cents and no more; a trillion is the most any order can mean. */
export const FIAT_DECIMALS = 2
export const FIAT_MAX_WHOLE = 1_000_000_000_000n

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(CURRENCIES, value)
}

export function isFiatCode(value: string): value is FiatCode {
  return (FIAT_CODES as readonly string[]).includes(value)
}

/** A Merchant API currency's whole entry; for a swap-only coin, what the chain layer needs of it. */
export function currencyInfo(code: CurrencyCode): CurrencyInfo
export function currencyInfo(code: ChainCurrencyCode): ChainCurrencyInfo
export function currencyInfo(code: ChainCurrencyCode): ChainCurrencyInfo {
  return isCurrencyCode(code) ? CURRENCIES[code] : SWAP_ONLY_CURRENCIES[code]
}

/** A Merchant API currency or a swap-only coin: what chain adapters and the payout engine accept. */
export function isChainCurrencyCode(value: string): value is ChainCurrencyCode {
  return isCurrencyCode(value) || Object.hasOwn(SWAP_ONLY_CURRENCIES, value)
}
