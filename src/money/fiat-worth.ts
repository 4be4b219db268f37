import { formatAmount, pow10 } from './atomic-amount.js'
import { FIAT_DECIMALS } from './currencies.js'

/**
 * What `atomic` units of a currency with `decimals` decimals are worth at `price` (fiat per whole
 * unit, decimal text such as "61234.5"), as text with the fiat's two decimals, rounded down once:
 * exact bigint arithmetic. For figures a person reads (dashboard totals, a payment's value at
 * creation), never for an amount anyone is asked to pay. The caller checks `price` is decimal text.
 */
export function fiatWorth(atomic: bigint, decimals: number, price: string): string {
  const [whole = '0', fraction = ''] = price.split('.')
  // atomic / 10^decimals × (whole.fraction), in cents: one division at the end, so it rounds down once.
  const cents = (atomic * BigInt(whole + fraction) * pow10(FIAT_DECIMALS)) / (pow10(decimals) * pow10(fraction.length))
  return formatAmount(cents, FIAT_DECIMALS, FIAT_DECIMALS)
}
