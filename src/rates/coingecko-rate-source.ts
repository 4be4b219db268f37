import { mapSimplePriceBody, simplePricePath } from './coingecko-mapping.js'
import { RatesProviderError, RatesTableInvalidError } from './rate-errors.js'
import type { RateSource } from './rate-source.js'
import { validateRateTable } from './rate-table.js'
import type { RateTable } from './rate-table.js'

export interface CoinGeckoRateSourceOptions {
  /** Defaults to the public API, https://api.coingecko.com. A path prefix (a proxy) is kept. */
  baseUrl?: string
  /**
   * A CoinGecko Demo API key, sent as `x-cg-demo-api-key`. Without one the keyless public tier
   * is used, whose rate limit is shared and low; with RateService's 5-minute cache either works.
   */
  apiKey?: string
  /** Whole-request budget (connect, headers and body), default 5000 ms. */
  timeoutMs?: number
  /** Clock for `fetchedAt`; defaults to Date.now. */
  now?: () => number
}

const PROVIDER = 'coingecko'
const BODY_SNIPPET_CHARS = 200

/** Live prices from CoinGecko's GET /api/v3/simple/price. */
export class CoinGeckoRateSource implements RateSource {
  readonly name = PROVIDER
  readonly #url: string
  readonly #headers: Record<string, string>
  readonly #timeoutMs: number
  readonly #now: () => number

  constructor(options: CoinGeckoRateSourceOptions = {}) {
    const base = new URL(options.baseUrl ?? 'https://api.coingecko.com')
    this.#url = base.origin + base.pathname.replace(/\/+$/, '') + simplePricePath()
    this.#headers = { accept: 'application/json' }
    if (options.apiKey) this.#headers['x-cg-demo-api-key'] = options.apiKey
    this.#timeoutMs = options.timeoutMs ?? 5000
    this.#now = options.now ?? Date.now
  }

  async fetchRates(signal?: AbortSignal): Promise<RateTable> {
    const timeout = AbortSignal.timeout(this.#timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    try {
      const response = await fetch(this.#url, { headers: this.#headers, signal: combined })
      // Read the body under the same signal: a server that sends headers and then stalls
      // must time out too, and an error body says why (CoinGecko explains 429s in it).
      const body = await response.text()
      if (!response.ok) {
        throw new RatesProviderError(PROVIDER, 'http', `HTTP ${response.status}: ${snippet(body)}`, {
          details: { status: response.status },
        })
      }
      return validateRateTable(mapSimplePriceBody(body), PROVIDER, this.#now())
    } catch (err) {
      throw toProviderError(err, timeout, this.#timeoutMs)
    }
  }
}

/** Every way a request can fail, turned into one error type that names provider and reason. */
function toProviderError(err: unknown, timeout: AbortSignal, timeoutMs: number): RatesProviderError {
  if (err instanceof RatesProviderError) return err
  if (err instanceof RatesTableInvalidError) {
    return new RatesProviderError(PROVIDER, 'prices', err.problem, { cause: err })
  }
  if (err instanceof SyntaxError) {
    return new RatesProviderError(PROVIDER, 'body', `response is not valid JSON (${err.message})`, { cause: err })
  }
  // Checked after the body errors: the timer may fire between reading the body and parsing it.
  if (timeout.aborted) {
    return new RatesProviderError(PROVIDER, 'timeout', `no complete answer within ${timeoutMs} ms`, { cause: err })
  }
  if (isAbort(err)) {
    return new RatesProviderError(PROVIDER, 'aborted', 'request aborted by the caller', { cause: err })
  }
  return new RatesProviderError(PROVIDER, 'network', networkReason(err), { cause: err })
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')
}

// undici reports every transport failure as TypeError('fetch failed') and puts the useful part
// (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined
  return detail ? `${err.message} (${detail})` : err.message
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  if (flat === '') return '(empty body)'
  return flat.length > BODY_SNIPPET_CHARS ? flat.slice(0, BODY_SNIPPET_CHARS) + '…' : flat
}
