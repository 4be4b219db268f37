import { RatesUnavailableError } from './rate-errors.js'
import type { RateSource } from './rate-source.js'
import type { RateTable } from './rate-table.js'

/** The subset of pino's logger this needs, so tests and other loggers fit. */
export interface RateServiceLogger {
  warn(obj: object, msg: string): void
}

export interface RateServiceOptions {
  /** The live provider, asked whenever the cached table is older than `ttlMs`. */
  primary: RateSource
  /** Asked only when the primary fails and no table from the primary has ever been fetched. */
  fallback: RateSource
  /** How long a table from the primary is served before asking again. Default 300 000 (5 min, as the seed's GET /api/v1/rates promises). */
  ttlMs?: number
  /**
   * After the primary fails, how long the table then served (the last good one, or the
   * fallback's) is kept before the primary is tried again. Default 60 000. Without it a down
   * provider would be called, and waited on up to its timeout, on every request.
   */
  retryMs?: number
  /** Clock in epoch ms; defaults to Date.now. */
  now?: () => number
  logger?: RateServiceLogger
}

export interface RateUpdate {
  source: string
  fetchedAt: number
}

/**
 * Serves a rate table with caching and fallback. Prices for a payment must come from somewhere
 * even when the provider is down, so a failure never reaches callers while any table exists:
 * the last table the primary gave is preferred (it is the freshest real data), and only
 * without one does the fallback's table get served.
 */
export class RateService {
  readonly #primary: RateSource
  readonly #fallback: RateSource
  readonly #ttlMs: number
  readonly #retryMs: number
  readonly #now: () => number
  readonly #logger: RateServiceLogger | undefined
  #served: { table: RateTable; expiresAt: number } | null = null
  #lastGood: RateTable | null = null
  #inFlight: Promise<RateTable> | null = null

  constructor(options: RateServiceOptions) {
    this.#primary = options.primary
    this.#fallback = options.fallback
    this.#ttlMs = options.ttlMs ?? 300_000
    this.#retryMs = options.retryMs ?? 60_000
    this.#now = options.now ?? Date.now
    this.#logger = options.logger
  }

  /**
   * The current table. Callers arriving while a refresh runs share that one fetch instead of
   * each calling the provider, which matters on public endpoints under load.
   * Rejects with RatesUnavailableError only if the primary and the fallback both fail and
   * nothing was cached.
   */
  getRates(): Promise<RateTable> {
    const served = this.#served
    if (served && this.#now() < served.expiresAt) return Promise.resolve(served.table)
    if (!this.#inFlight) {
      this.#inFlight = this.#refresh().finally(() => {
        this.#inFlight = null
      })
    }
    return this.#inFlight
  }

  /**
   * The table being served, even past its time, without waiting for a provider: for figures
   * that are only informative, such as the rate a crypto-amount payment records, which must not
   * slow down or fail with the provider. An expired table starts a refresh for the next caller.
   * Waits only for the very first table.
   */
  async servedRates(): Promise<RateTable> {
    const served = this.#served
    if (!served) return this.getRates()
    if (this.#now() >= served.expiresAt) this.getRates().catch(() => undefined)
    return served.table
  }

  /** Source and time of the table being served, or null before the first getRates. */
  lastUpdate(): RateUpdate | null {
    const table = this.#served?.table
    return table ? { source: table.source, fetchedAt: table.fetchedAt } : null
  }

  async #refresh(): Promise<RateTable> {
    let primaryError: unknown
    try {
      const table = await this.#primary.fetchRates()
      this.#lastGood = table
      return this.#serve(table, this.#ttlMs)
    } catch (err) {
      primaryError = err
    }
    if (this.#lastGood) {
      this.#logger?.warn(
        { err: primaryError, source: this.#primary.name, servedFetchedAt: this.#lastGood.fetchedAt },
        'rates: primary source failed, serving the last good table',
      )
      return this.#serve(this.#lastGood, this.#retryMs)
    }
    this.#logger?.warn(
      { err: primaryError, source: this.#primary.name, fallback: this.#fallback.name },
      'rates: primary source failed and nothing is cached, serving the fallback table',
    )
    try {
      return this.#serve(await this.#fallback.fetchRates(), this.#retryMs)
    } catch (fallbackError) {
      throw new RatesUnavailableError(
        this.#primary.name,
        this.#fallback.name,
        new AggregateError([primaryError, fallbackError], 'primary and fallback rate sources failed'),
      )
    }
  }

  #serve(table: RateTable, forMs: number): RateTable {
    this.#served = { table, expiresAt: this.#now() + forMs }
    return table
  }
}
