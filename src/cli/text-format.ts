import { currencyInfo, formatAmount } from '../money/index.js'
import type { CurrencyCode } from '../money/index.js'

// The CLI's own text formats. They match the APIs' today (the seed's forms), but they are the
// terminal's contract, printed and parsed by scripts: the CLI does not borrow http/presenters.

/** An amount with at least the currency's quote precision, exact beyond: "50.07", "0.00012345". */
export function displayAmount(atomic: bigint, currency: CurrencyCode): string {
  const info = currencyInfo(currency)
  return formatAmount(atomic, info.decimals, info.quoteDecimals)
}

/** ISO-8601 in UTC to the second: "2025-01-15T12:30:00Z". */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
