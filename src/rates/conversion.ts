import { ASSET_CODES, CURRENCIES } from '../money/currencies.js'
import type { AssetCode, CurrencyCode, FiatCode } from '../money/currencies.js'
import { pow10 } from '../money/atomic-amount.js'
import { RatePriceMissingError, RatesAmountInvalidError } from './rate-errors.js'
import { FIAT_KEYS, fiatKey } from './rate-table.js'
import type { FiatLower, RateTable } from './rate-table.js'

/**
 * Conversions between fiat and crypto amounts at a table's prices.
 *
 * The arithmetic is exact integer arithmetic on bigints, rounded once at the end. A decimal
 * library with a finite precision would round the quotient first: 55.23999…9 to 20 significant
 * digits becomes 55.24 and then "rounds down" to the wrong cent. Results are always rounded
 * down, so a buyer is never asked for more than the stated price is worth.
 */

/** An exact non-negative rational number. */
interface Ratio {
  num: bigint
  den: bigint
}

const AMOUNT_TEXT = /^(0|[1-9]\d*)(?:\.(\d+))?$/

/**
 * `fiatAmount` (decimal text such as "5000" or "12.50") of `fiat`, in atomic units of
 * `currency`: amount / price, rounded down to the currency's quoteDecimals.
 * With the bundled table, 5000 RUB in USDT_TRC20 is 55.24 (5000 / 90.5 = 55.2486…): 55_240_000n.
 */
export function convertFiatToCrypto(table: RateTable, fiatAmount: string, fiat: FiatCode, currency: CurrencyCode): bigint {
  const amount = parseAmountText(fiatAmount)
  const info = CURRENCIES[currency]
  const price = priceOf(table, info.asset, fiatKey(fiat))
  return toAtomic(divide(amount, price), info.quoteDecimals, info.decimals)
}

/**
 * `atomic` units of `from` in units of `to`, through both assets' USD prices, rounded down to
 * `to`'s quoteDecimals. Two currencies of one asset (USDT_TRC20 and USDT_ERC20) are the same
 * money, so the amount is only re-scaled between the two precisions, with no rounding to
 * quoteDecimals.
 */
export function convertCrypto(table: RateTable, atomic: bigint, from: CurrencyCode, to: CurrencyCode): bigint {
  if (atomic < 0n) throw new RatesAmountInvalidError(atomic.toString())
  const source = CURRENCIES[from]
  const target = CURRENCIES[to]
  if (source.asset === target.asset) {
    const shift = target.decimals - source.decimals
    return shift >= 0 ? atomic * pow10(shift) : atomic / pow10(-shift)
  }
  const fromPrice = priceOf(table, source.asset, 'usd')
  const toPrice = priceOf(table, target.asset, 'usd')
  const usdValue: Ratio = { num: atomic * fromPrice.num, den: pow10(source.decimals) * fromPrice.den }
  return toAtomic(divide(usdValue, toPrice), target.quoteDecimals, target.decimals)
}

/** The price of one whole unit of `currency` in `fiat`, as the table's decimal text (what a conversion used). */
export function currencyPrice(table: RateTable, currency: CurrencyCode, fiat: FiatCode): string {
  return priceText(table, CURRENCIES[currency].asset, fiatKey(fiat))
}

export type PublicRates = Record<AssetCode, Record<FiatLower, string>>

/**
 * The prices as GET /api/v1/rates shows them, every asset and fiat in a fixed order, values
 * as decimal text. The HTTP layer writes each value as a JSON number with exactly this text.
 */
export function publicRates(table: RateTable): PublicRates {
  const rates = {} as PublicRates
  for (const asset of ASSET_CODES) {
    const row = {} as Record<FiatLower, string>
    for (const fiat of FIAT_KEYS) {
      row[fiat] = priceText(table, asset, fiat)
    }
    rates[asset] = row
  }
  return rates
}

/** The price as an exact ratio. */
function priceOf(table: RateTable, asset: AssetCode, fiat: FiatLower): Ratio {
  return decimalTextToRatio(priceText(table, asset, fiat))
}

/** The price's text, provided it is a positive plain decimal. */
function priceText(table: RateTable, asset: AssetCode, fiat: FiatLower): string {
  // A RateTable is only a type: one built by hand rather than by validateRateTable may lack a
  // row or hold a zero, and dividing by it must fail loudly rather than yield nonsense.
  const text = table.prices[asset]?.[fiat]
  if (typeof text !== 'string' || !/^\d+(?:\.\d+)?$/.test(text) || !/[1-9]/.test(text)) {
    throw new RatePriceMissingError(asset, fiat)
  }
  return text
}

function parseAmountText(text: string): Ratio {
  if (!AMOUNT_TEXT.test(text)) throw new RatesAmountInvalidError(text)
  return decimalTextToRatio(text)
}

function decimalTextToRatio(text: string): Ratio {
  const [whole = '0', fraction = ''] = text.split('.')
  return { num: BigInt(whole + fraction), den: pow10(fraction.length) }
}

function divide(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.den, den: a.den * b.num }
}

/** Rounds down to `quoteDecimals` fraction digits, then expresses that in atomic units. */
function toAtomic(value: Ratio, quoteDecimals: number, decimals: number): bigint {
  // Both parts are non-negative, so bigint division (truncation) is the floor.
  const quoted = (value.num * pow10(quoteDecimals)) / value.den
  return quoted * pow10(decimals - quoteDecimals)
}
