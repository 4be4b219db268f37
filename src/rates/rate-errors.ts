/**
 * Failures of the rates module. Each carries a stable `code` (AREA_WHAT, never renamed or
 * reused) so the HTTP layer can map it without matching on messages.
 *
 * These extend a local base rather than `AppError` because `src/errors/` did not exist when
 * this module was written; the shape (code, message, details, cause) is the same, so moving the
 * base class over later changes no caller.
 */

export interface RatesErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
}

export abstract class RatesError extends Error {
  abstract readonly code: string
  readonly details: Record<string, unknown> | undefined

  constructor(message: string, options: RatesErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.details = options.details
  }
}

/** A table from a provider or a file lacks a price or holds something that is not one. */
export class RatesTableInvalidError extends RatesError {
  override readonly code = 'RATES_TABLE_INVALID'
  /** The fault alone ("price btc/usd is missing"), for callers that word their own message. */
  readonly problem: string

  constructor(source: string, problem: string, details: Record<string, unknown> = {}) {
    super(`Rate table from ${source} is invalid: ${problem}.`, { details: { source, ...details } })
    this.problem = problem
  }
}

/** The operator's rates file (KASSA_RATES_FILE) cannot be used; raised at start-up. */
export class RatesFileInvalidError extends RatesError {
  override readonly code = 'RATES_FILE_INVALID'
  constructor(path: string, reason: string, cause?: unknown) {
    super(`Rates file ${path} ${reason}`, { details: { path }, cause })
  }
}

export type RatesProviderFailure = 'http' | 'timeout' | 'aborted' | 'network' | 'body' | 'prices'

/** A live provider answered badly or not at all. `cause` keeps the original error. */
export class RatesProviderError extends RatesError {
  override readonly code = 'RATES_PROVIDER_FAILED'
  readonly provider: string
  readonly reason: RatesProviderFailure

  constructor(provider: string, reason: RatesProviderFailure, message: string, options: RatesErrorOptions = {}) {
    super(`Rate provider ${provider} failed: ${message}`, {
      ...options,
      details: { provider, reason, ...options.details },
    })
    this.provider = provider
    this.reason = reason
  }
}

/** Neither the primary source nor the fallback produced a table, and none was cached. */
export class RatesUnavailableError extends RatesError {
  override readonly code = 'RATES_UNAVAILABLE'
  constructor(primary: string, fallback: string, cause: unknown) {
    super(`No exchange rates available: ${primary} and ${fallback} both failed.`, {
      details: { primary, fallback },
      cause,
    })
  }
}

/** A conversion met a price that is missing, zero or malformed in the table it was given. */
export class RatePriceMissingError extends RatesError {
  override readonly code = 'RATES_PRICE_MISSING'
  constructor(asset: string, fiat: string) {
    super(`No usable ${asset}/${fiat} price in the rate table.`, { details: { asset, fiat } })
  }
}

/** A conversion was asked for a negative or malformed amount. */
export class RatesAmountInvalidError extends RatesError {
  override readonly code = 'RATES_AMOUNT_INVALID'
  constructor(amount: string) {
    super(`Amount to convert must be a non-negative decimal, got "${amount}".`, {
      details: { amount },
    })
  }
}
