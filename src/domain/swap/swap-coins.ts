import { currencyInfo } from '../../money/index.js'
import type { ChainCurrencyCode } from '../../money/index.js'

/**
 * The coins and networks the Swap API offers, as data (one row per coin/network pair, as the
 * seed's /v1/meta/* list them). Amounts are decimal text in coin units; the service applies
 * them with bigint arithmetic at `precision` decimals. Numbers here are the operator's
 * defaults, chosen to be plausible; min/max of BTC are the seed's own example (0.001–20).
 */
export type SwapTagKind = 'none' | 'destination_tag' | 'memo'

export interface SwapCoin {
  /** Lower-case coin code as requests send it: `btc`, `usdt`. */
  coin: string
  /** Lower-case network code: `btc`, `erc20`, `trx`. */
  network: string
  name: string
  symbol: string
  label: string
  /**
   * Decimals amounts are computed in: the chain's precision, at most 8 (the seed prints every
   * amount with 8 decimals; USDT and TRX move in 6, so their last two digits stay 0).
   */
  precision: number
  minAmount: string
  maxAmount: string
  /** Split orders: default service fee in percent, and the network fee charged per output. */
  defaultServiceFee: string
  feePerOutput: string
  confirmations: number
  /** What a destination on this network needs besides the address. */
  tag: SwapTagKind
  /** The rate table's asset key for prices. */
  asset: string
  /**
   * The chain currency whose adapter gives deposit addresses and sends payouts: a Merchant API
   * currency, or a swap-only coin (DOGE, XRP, TON, SOL; src/money/currencies.ts).
   */
  currency: ChainCurrencyCode
  /** Exchange limits in USD for this coin as either side of a pair. */
  minUsd: string
  maxUsd: string
}

export const SWAP_COINS: readonly SwapCoin[] = [
  {
    coin: 'btc',
    network: 'btc',
    name: 'Bitcoin',
    symbol: '₿',
    label: 'Bitcoin (BTC)',
    precision: 8,
    minAmount: '0.001',
    maxAmount: '20',
    defaultServiceFee: '0.50',
    feePerOutput: '0.00005',
    confirmations: 2,
    tag: 'none',
    asset: 'btc',
    currency: 'BTC',
    minUsd: '100',
    maxUsd: '250000',
  },
  {
    coin: 'ltc',
    network: 'ltc',
    name: 'Litecoin',
    symbol: 'Ł',
    label: 'Litecoin (LTC)',
    precision: 8,
    minAmount: '0.1',
    maxAmount: '2000',
    defaultServiceFee: '0.50',
    feePerOutput: '0.0005',
    confirmations: 6,
    tag: 'none',
    asset: 'ltc',
    currency: 'LTC',
    minUsd: '20',
    maxUsd: '100000',
  },
  {
    coin: 'doge',
    network: 'doge',
    name: 'Dogecoin',
    symbol: 'Ð',
    label: 'Dogecoin (DOGE)',
    precision: 8,
    minAmount: '50',
    maxAmount: '500000',
    defaultServiceFee: '0.50',
    feePerOutput: '1',
    confirmations: 6,
    tag: 'none',
    asset: 'doge',
    currency: 'DOGE',
    minUsd: '20',
    maxUsd: '100000',
  },
  {
    coin: 'eth',
    network: 'eth',
    name: 'Ethereum',
    symbol: 'Ξ',
    label: 'Ethereum (ERC20)',
    precision: 8,
    minAmount: '0.01',
    maxAmount: '300',
    defaultServiceFee: '0.50',
    feePerOutput: '0.0005',
    confirmations: 12,
    tag: 'none',
    asset: 'eth',
    currency: 'ETH',
    minUsd: '100',
    maxUsd: '88565',
  },
  {
    coin: 'usdt',
    network: 'erc20',
    name: 'Tether',
    symbol: '₮',
    label: 'Tether (ERC20)',
    precision: 6,
    minAmount: '20',
    maxAmount: '500000',
    defaultServiceFee: '0.50',
    feePerOutput: '2',
    confirmations: 12,
    tag: 'none',
    asset: 'usdt',
    currency: 'USDT_ERC20',
    minUsd: '20',
    maxUsd: '500000',
  },
  {
    coin: 'usdt',
    network: 'trx',
    name: 'Tether',
    symbol: '₮',
    label: 'Tether (TRC20)',
    precision: 6,
    minAmount: '10',
    maxAmount: '500000',
    defaultServiceFee: '0.50',
    feePerOutput: '1',
    confirmations: 19,
    tag: 'none',
    asset: 'usdt',
    currency: 'USDT_TRC20',
    minUsd: '10',
    maxUsd: '500000',
  },
  {
    coin: 'trx',
    network: 'trx',
    name: 'TRON',
    symbol: 'TRX',
    label: 'TRON (TRX)',
    precision: 6,
    minAmount: '50',
    maxAmount: '2000000',
    defaultServiceFee: '0.50',
    feePerOutput: '1',
    confirmations: 19,
    tag: 'none',
    asset: 'trx',
    currency: 'TRX',
    minUsd: '10',
    maxUsd: '250000',
  },
  {
    coin: 'xrp',
    network: 'xrp',
    name: 'XRP',
    symbol: 'XRP',
    label: 'XRP Ledger (XRP)',
    precision: 6,
    minAmount: '20',
    maxAmount: '500000',
    defaultServiceFee: '0.50',
    feePerOutput: '0.1',
    confirmations: 1,
    tag: 'destination_tag',
    asset: 'xrp',
    currency: 'XRP',
    minUsd: '20',
    maxUsd: '250000',
  },
  {
    coin: 'ton',
    network: 'ton',
    name: 'Toncoin',
    symbol: 'TON',
    label: 'TON (TON)',
    precision: 8,
    minAmount: '5',
    maxAmount: '100000',
    defaultServiceFee: '0.50',
    feePerOutput: '0.05',
    confirmations: 1,
    tag: 'memo',
    asset: 'ton',
    currency: 'TON',
    minUsd: '20',
    maxUsd: '250000',
  },
  {
    coin: 'sol',
    network: 'sol',
    name: 'Solana',
    symbol: '◎',
    label: 'Solana (SOL)',
    precision: 8,
    minAmount: '0.1',
    maxAmount: '5000',
    defaultServiceFee: '0.50',
    feePerOutput: '0.001',
    confirmations: 1,
    tag: 'none',
    asset: 'sol',
    currency: 'SOL',
    minUsd: '20',
    maxUsd: '250000',
  },
]

export function swapCoin(coin: string, network: string): SwapCoin | undefined {
  const c = coin.toLowerCase()
  const n = network.toLowerCase()
  return SWAP_COINS.find((s) => s.coin === c && s.network === n)
}

/** `btc/btc`: the key KASSA_SWAP_MAINTENANCE lists. */
export function swapCoinKey(c: Pick<SwapCoin, 'coin' | 'network'>): string {
  return `${c.coin}/${c.network}`
}

/** Chain atomic units per coin unit: 10^(chain decimals − coin precision) (TON, SOL: 10; ETH: 10^10). */
export function chainScale(coin: SwapCoin): bigint {
  return 10n ** BigInt(currencyInfo(coin.currency).decimals - coin.precision)
}
