import type { RateTable } from './rate-table.js'

/**
 * Where exchange rates come from. Implementations return a validated table or throw; they do
 * no caching or retrying, which RateService does once for every source.
 */
export interface RateSource {
  /** Short stable identifier, also written into each table's `source` ('coingecko', 'offline'). */
  readonly name: string
  /** `signal` lets the caller abandon the request; sources add their own timeout on top. */
  fetchRates(signal?: AbortSignal): Promise<RateTable>
}
