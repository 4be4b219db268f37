import type { CurrencyCode } from './currencies.js'

/**
 * How a buyer knows each currency: the ticker amounts are shown in, the network it travels on,
 * and for a chain's own coin the coin's name. A token is named "<symbol> on <network>" (USDT on
 * TRON (TRC-20)): the same USDT on another network is a different transfer, and one sent on
 * the wrong network does not arrive. The connecting words are translated (web/currency-label.ts);
 * these names are proper nouns and stay as wallets and exchanges print them.
 */
export interface CurrencyNames {
  /** What amounts are written in: "USDT", "BTC". */
  symbol: string
  /** The network as wallets name it, with the token standard where there is one. */
  network: string
  /** A native coin's own name ("Bitcoin"); null for a token, named by symbol and network. */
  coin: string | null
}

export const CURRENCY_NAMES: Readonly<Record<CurrencyCode, CurrencyNames>> = {
  USDT_TRC20: { symbol: 'USDT', network: 'TRON (TRC-20)', coin: null },
  USDT_ERC20: { symbol: 'USDT', network: 'Ethereum (ERC-20)', coin: null },
  BTC: { symbol: 'BTC', network: 'Bitcoin', coin: 'Bitcoin' },
  ETH: { symbol: 'ETH', network: 'Ethereum', coin: 'Ethereum (ETH)' },
  LTC: { symbol: 'LTC', network: 'Litecoin', coin: 'Litecoin' },
  TRX: { symbol: 'TRX', network: 'TRON', coin: 'TRON (TRX)' },
}
