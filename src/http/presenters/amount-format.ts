import { displayAmount } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { JsonNumber } from '../../serialization/exact-json.js'

/** An amount where the seed prints a JSON number: its exact decimal text, unquoted. */
export function displayNumber(atomic: bigint, currency: CurrencyCode): JsonNumber {
  return new JsonNumber(displayAmount(atomic, currency))
}
