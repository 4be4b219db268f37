import type { AssetCode, SwapOnlyAssetCode } from '../money/currencies.js'
import { ASSET_CODES, SWAP_ONLY_ASSET_CODES } from '../money/currencies.js'
import { parseJsonWithExactNumbers } from '../serialization/exact-json-parse.js'
import { FIAT_KEYS } from './rate-table.js'

/**
 * CoinGecko's coin ids for our assets (https://api.coingecko.com/api/v3/coins/list).
 * USDT is one id for every network: `tether` is the asset's price, whichever chain carries it.
 * The Swap API's own coins are asked for in the same request (only their USD price is kept).
 */
export const COINGECKO_IDS: Readonly<Record<AssetCode | SwapOnlyAssetCode, string>> = {
  btc: 'bitcoin',
  eth: 'ethereum',
  usdt: 'tether',
  ltc: 'litecoin',
  trx: 'tron',
  doge: 'dogecoin',
  xrp: 'ripple',
  ton: 'the-open-network',
  sol: 'solana',
}

const ALL_ASSETS = [...ASSET_CODES, ...SWAP_ONLY_ASSET_CODES]

/**
 * Path and query of GET /api/v3/simple/price for every asset and fiat we quote. Built by hand
 * rather than with URLSearchParams so the commas stay literal, as CoinGecko documents them.
 */
export function simplePricePath(): string {
  const ids = ALL_ASSETS.map((asset) => COINGECKO_IDS[asset]).join(',')
  return `/api/v3/simple/price?ids=${ids}&vs_currencies=${FIAT_KEYS.join(',')}`
}

/**
 * Turns a /simple/price body (`{"bitcoin":{"usd":97500.12,...},...}`) into our asset keys,
 * prices still as the exact number text of the body. Ids the body lacks are left out, so
 * validateRateTable reports them as missing assets (or, for a swap-only coin, has no price). Throws SyntaxError on malformed JSON.
 */
export function mapSimplePriceBody(body: string): Record<string, unknown> {
  const json = parseJsonWithExactNumbers(body)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SyntaxError('expected a JSON object keyed by coin id')
  }
  const byId = json as Record<string, unknown>
  const prices: Record<string, unknown> = {}
  for (const asset of ALL_ASSETS) {
    const id = COINGECKO_IDS[asset]
    if (Object.hasOwn(byId, id)) prices[asset] = byId[id]
  }
  return prices
}
