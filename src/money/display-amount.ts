import { formatAmount } from './atomic-amount.js'
import { currencyInfo } from './currencies.js'
import type { CurrencyCode } from './currencies.js'

/**
 * Amount text as the seeds show it: at least the currency's quote precision, exact beyond
 * ("50.07", "0.00012345"). One form for the APIs, the webhook body, the pages and the CLI.
 */
export function displayAmount(atomic: bigint, currency: CurrencyCode): string {
  const info = currencyInfo(currency)
  return formatAmount(atomic, info.decimals, info.quoteDecimals)
}
