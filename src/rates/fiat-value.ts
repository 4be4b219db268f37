import { formatAmount } from '../money/atomic-amount.js'
import { CURRENCIES, FIAT_DECIMALS } from '../money/currencies.js'
import { fiatWorth } from '../money/fiat-worth.js'
import type { CurrencyCode, FiatCode } from '../money/currencies.js'
import { RatePriceMissingError, RatesAmountInvalidError } from './rate-errors.js'
import { fiatKey } from './rate-table.js'
import type { RateTable } from './rate-table.js'

/**
 * What `atomic` units of `currency` are worth in `fiat` at the table's price, as decimal text
 * with two decimals ("1234.50"), rounded down: exact bigint arithmetic, as in conversion.ts.
 * For figures a person reads (the dashboard's totals), not for amounts anyone is asked to pay.
 * Throws RatePriceMissingError when the table has no usable price for the currency's asset.
 */
export function fiatValue(table: RateTable, atomic: bigint, currency: CurrencyCode, fiat: FiatCode): string {
  if (atomic < 0n) throw new RatesAmountInvalidError(atomic.toString())
  const asset = CURRENCIES[currency].asset
  const price = table.prices[asset]?.[fiatKey(fiat)]
  if (typeof price !== 'string' || !/^\d+(?:\.\d+)?$/.test(price) || !/[1-9]/.test(price)) throw new RatePriceMissingError(asset, fiat)
  return fiatWorth(atomic, CURRENCIES[currency].decimals, price)
}

/** The sum of fiat values given as text with two decimals ("12.30" + "0.05" = "12.35"). */
export function addFiatValues(values: readonly string[]): string {
  return formatAmount(
    values.reduce((a, v) => a + BigInt(v.replace('.', '')), 0n),
    FIAT_DECIMALS,
    FIAT_DECIMALS,
  )
}
