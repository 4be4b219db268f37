import { readFileSync } from 'node:fs'
import { parseJsonWithExactNumbers } from '../serialization/exact-json-parse.js'
import { OFFLINE_RATE_PRICES } from './offline-rates.js'
import { RatesFileInvalidError, RatesTableInvalidError } from './rate-errors.js'
import type { RateSource } from './rate-source.js'
import { validateRateTable } from './rate-table.js'
import type { RateTable } from './rate-table.js'

export interface OfflineRateSourceOptions {
  /**
   * Prices shaped like OFFLINE_RATE_PRICES; numbers or decimal strings. Defaults to the bundled
   * table. Validated at construction, so a bad table fails at start-up, not at the first payment.
   */
  prices?: unknown
  /** Reported as the table's `fetchedAt`. Defaults to the time of construction. */
  loadedAt?: number
}

/**
 * A fixed table held in memory: the fallback when the live provider is down, and the only
 * source when the install runs offline. Its `fetchedAt` is when the table was loaded, not when
 * it was asked for, so nobody mistakes these prices for fresh ones.
 */
export class OfflineRateSource implements RateSource {
  readonly name = 'offline'
  readonly #table: RateTable

  constructor(options: OfflineRateSourceOptions = {}) {
    const table = validateRateTable(options.prices ?? OFFLINE_RATE_PRICES, this.name, options.loadedAt ?? Date.now())
    this.#table = deepFreeze(table)
  }

  /**
   * Reads a rates file (KASSA_RATES_FILE) that replaces the bundled table. The file is read
   * synchronously because this runs once, while the config is loaded. Numbers in the file keep
   * their exact text. Throws RatesFileInvalidError saying what is wrong with which file.
   */
  static fromFile(path: string, options: Omit<OfflineRateSourceOptions, 'prices'> = {}): OfflineRateSource {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (err) {
      throw new RatesFileInvalidError(path, `cannot be read: ${messageOf(err)}`, err)
    }
    let json: unknown
    try {
      json = parseJsonWithExactNumbers(text)
    } catch (err) {
      throw new RatesFileInvalidError(path, `is not valid JSON: ${messageOf(err)}`, err)
    }
    try {
      return new OfflineRateSource({ ...options, prices: json })
    } catch (err) {
      if (!(err instanceof RatesTableInvalidError)) throw err
      throw new RatesFileInvalidError(path, `is not a usable rate table: ${err.problem}.`, err)
    }
  }

  async fetchRates(signal?: AbortSignal): Promise<RateTable> {
    signal?.throwIfAborted()
    return this.#table
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child)
  }
  return Object.freeze(value)
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
