import { currencyInfo, formatAmount } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { JsonNumber } from '../../serialization/exact-json.js'

/** Amount text as the seed shows it: at least the currency's quote precision, exact beyond. */
export function displayAmount(atomic: bigint, currency: CurrencyCode): string {
  const info = currencyInfo(currency)
  return formatAmount(atomic, info.decimals, info.quoteDecimals)
}

export function displayNumber(atomic: bigint, currency: CurrencyCode): JsonNumber {
  return new JsonNumber(displayAmount(atomic, currency))
}

/** ISO-8601 in UTC to the second, the seed's "2025-01-15T12:30:00Z" form. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
