import { Decimal } from 'decimal.js'
import { ASSET_CODES, FIAT_CODES, SWAP_ONLY_ASSET_CODES } from '../money/currencies.js'
import type { AssetCode, FiatCode, SwapOnlyAssetCode } from '../money/currencies.js'
import { RatesTableInvalidError } from './rate-errors.js'

/** Fiat codes as rate tables key them: lower case, as CoinGecko and the public endpoint do. */
export type FiatLower = Lowercase<FiatCode>

export const FIAT_KEYS: readonly FiatLower[] = FIAT_CODES.map(fiatKey)

export function fiatKey(fiat: FiatCode): FiatLower {
  return fiat.toLowerCase() as FiatLower
}

/** Price of one whole unit of each asset in each fiat, as canonical decimal text ("1.0001"). */
export type RatePrices = Record<AssetCode, Record<FiatLower, string>>

/**
 * USD prices of the Swap API's own coins (DOGE, XRP, TON, SOL), canonical decimal text. Each
 * is optional: a source or rates file without one leaves it out, and only exchange orders on
 * that coin are refused (SERVICE_UNAVAILABLE), as the Swap seed says of a missing price.
 */
export type SwapUsdPrices = Partial<Record<SwapOnlyAssetCode, string>>

export interface RateTable {
  /** Name of the RateSource that produced the table ('coingecko', 'offline', ...). */
  source: string
  /** Epoch milliseconds at which the source produced or loaded the prices. */
  fetchedAt: number
  /** The Merchant API's assets, every fiat: what /api/v1/rates shows and payments convert with. */
  prices: RatePrices
  /** Swap-only coins, USD only; never shown by the Merchant API. */
  swapUsd: SwapUsdPrices
}

// JSON's number grammar, so that a number's exact text from a response body is accepted as is.
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

// No crypto price we quote is anywhere near these; values beyond them are a provider bug, and
// the bounds also keep "1e-999999" from expanding into a million-digit string.
const MAX_FRACTION_DIGITS = 30
const MAX_PRICE = new Decimal('1e15')

/**
 * Turns a price given as a JSON number or as decimal text into canonical decimal text
 * (no exponent, no trailing zeros), or explains why it is not a positive price.
 * A JS number is read through String(n), the shortest text that round-trips to it, so 1.0001
 * stays "1.0001" rather than picking up binary float digits.
 */
export function normalizePrice(value: unknown): { ok: true; text: string } | { ok: false; problem: string } {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, problem: `is not a finite number (${value})` }
    text = String(value)
  } else if (typeof value === 'string') {
    text = value.trim()
  } else {
    return { ok: false, problem: `is not a number or decimal string (got ${describe(value)})` }
  }
  if (!NUMBER_TEXT.test(text)) return { ok: false, problem: `is not a decimal number ("${text}")` }
  const price = new Decimal(text)
  if (!price.gt(0)) return { ok: false, problem: `must be greater than zero (got ${text})` }
  if (price.gte(MAX_PRICE)) return { ok: false, problem: `is implausibly large (${text})` }
  if (price.decimalPlaces() > MAX_FRACTION_DIGITS) {
    return { ok: false, problem: `has more than ${MAX_FRACTION_DIGITS} fraction digits (${text})` }
  }
  return { ok: true, text: price.toFixed() }
}

/**
 * Checks that `json` holds a positive price for every asset in ASSET_CODES and every fiat,
 * shaped `{ btc: { usd: "97500", ... }, ... }`, and returns it as a RateTable with canonical
 * decimal strings. The swap-only coins (`doge: { usd: "0.22" }`, …) are read when present,
 * their USD price only, and must then be valid too. Other assets and fiats are ignored:
 * providers may send more than we ask. Throws RatesTableInvalidError naming the first
 * asset/fiat at fault.
 */
export function validateRateTable(json: unknown, source: string, fetchedAt: number): RateTable {
  if (!Number.isFinite(fetchedAt)) {
    throw new RatesTableInvalidError(source, `fetchedAt is not a time (${fetchedAt})`)
  }
  if (!isPlainObject(json)) {
    throw new RatesTableInvalidError(source, `expected an object of assets, got ${describe(json)}`)
  }
  const prices = {} as RatePrices
  for (const asset of ASSET_CODES) {
    const row = Object.hasOwn(json, asset) ? json[asset] : undefined
    if (row === undefined) {
      throw new RatesTableInvalidError(source, `asset "${asset}" is missing`, { asset })
    }
    if (!isPlainObject(row)) {
      throw new RatesTableInvalidError(source, `asset "${asset}" must be an object of fiat prices, got ${describe(row)}`, { asset })
    }
    const normalized = {} as Record<FiatLower, string>
    for (const fiat of FIAT_KEYS) {
      if (!Object.hasOwn(row, fiat)) {
        throw new RatesTableInvalidError(source, `price ${asset}/${fiat} is missing`, { asset, fiat })
      }
      const result = normalizePrice(row[fiat])
      if (!result.ok) {
        throw new RatesTableInvalidError(source, `price ${asset}/${fiat} ${result.problem}`, { asset, fiat })
      }
      normalized[fiat] = result.text
    }
    prices[asset] = normalized
  }
  const swapUsd: SwapUsdPrices = {}
  for (const asset of SWAP_ONLY_ASSET_CODES) {
    const row = Object.hasOwn(json, asset) ? json[asset] : undefined
    if (row === undefined) continue
    const usd = isPlainObject(row) && Object.hasOwn(row, 'usd') ? row.usd : undefined
    const result = normalizePrice(usd)
    if (!result.ok) throw new RatesTableInvalidError(source, `price ${asset}/usd ${result.problem}`, { asset, fiat: 'usd' })
    swapUsd[asset] = result.text
  }
  return { source, fetchedAt, prices, swapUsd }
}

/**
 * The USD price of any asset the table holds (Merchant API assets and swap-only coins), for
 * the Swap API; undefined when the table has none.
 */
export function usdPrice(table: RateTable, asset: string): string | undefined {
  if (Object.hasOwn(table.prices, asset)) return table.prices[asset as AssetCode].usd
  return Object.hasOwn(table.swapUsd, asset) ? table.swapUsd[asset as SwapOnlyAssetCode] : undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
