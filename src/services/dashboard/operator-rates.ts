import type { RateService } from '../../rates/rate-service.js'
import { FIAT_KEYS } from '../../rates/rate-table.js'
import type { FiatLower } from '../../rates/rate-table.js'
import { ASSET_CODES } from '../../money/currencies.js'

export interface RateSourceStatus {
  /** The configured provider ('offline' or 'coingecko'). */
  provider: string
  /** The source of the table being served: differs from the provider while the fallback serves. */
  servedBy: string
  fetchedAt: number
  ageMs: number
  /** Older than twice the cache lifetime (refreshes are failing), or the fallback is serving. */
  stale: boolean
  staleReason: string | null
  assets: { asset: string; prices: Partial<Record<FiatLower, string>> }[]
  /** Set when no table could be had at all. */
  error: string | null
}

/**
 * The rate service's current table as the operator sees it. A table holds one fetch of every
 * asset, so each asset's last update is the table's; the age is measured on Kassa's clock.
 */
export async function rateSourceStatus(rates: RateService, p: { provider: string; ttlMs: number; now: number }): Promise<RateSourceStatus> {
  try {
    const table = await rates.getRates()
    const ageMs = Math.max(0, p.now - table.fetchedAt)
    const fallback = table.source !== p.provider
    const old = ageMs > 2 * p.ttlMs
    return {
      provider: p.provider,
      servedBy: table.source,
      fetchedAt: table.fetchedAt,
      ageMs,
      stale: fallback || old,
      staleReason: fallback
        ? `${p.provider} is not answering: the ${table.source} table is served instead.`
        : old
          ? `No fresh prices for ${Math.round(ageMs / 60_000)} minutes (refreshes are failing).`
          : null,
      assets: ASSET_CODES.map((asset) => ({ asset, prices: Object.fromEntries(FIAT_KEYS.map((f) => [f, table.prices[asset]?.[f]])) })),
      error: null,
    }
  } catch (err) {
    return {
      provider: p.provider,
      servedBy: '',
      fetchedAt: 0,
      ageMs: 0,
      stale: true,
      staleReason: null,
      assets: [],
      error: err instanceof Error ? err.message : String(err),
    }
  }
}
