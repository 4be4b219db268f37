import type { CurrencyCode } from '../money/index.js'
import type { ChainAdapter, NetworkId } from './adapter.js'

/**
 * Adapters keyed by network, and the lookup from (store mode, currency) to the adapter that
 * serves it. Adding a chain is registering an adapter; nothing else switches on chain names.
 */
export class ChainRegistry {
  readonly #byNetwork = new Map<NetworkId, ChainAdapter>()
  readonly #byCurrency = { test: new Map<CurrencyCode, ChainAdapter>(), live: new Map<CurrencyCode, ChainAdapter>() }

  register(adapter: ChainAdapter): this {
    if (this.#byNetwork.has(adapter.network)) throw new Error(`network ${adapter.network} registered twice`)
    this.#byNetwork.set(adapter.network, adapter)
    const byCurrency = adapter.testMode ? this.#byCurrency.test : this.#byCurrency.live
    for (const c of adapter.currencies) if (!byCurrency.has(c)) byCurrency.set(c, adapter)
    return this
  }

  /** The adapter for `currency` in a store of this mode; test stores never reach live networks. */
  forCurrency(mode: 'test' | 'live', currency: CurrencyCode): ChainAdapter | undefined {
    return this.#byCurrency[mode].get(currency)
  }

  byNetwork(network: NetworkId): ChainAdapter | undefined {
    return this.#byNetwork.get(network)
  }

  all(): ChainAdapter[] {
    return [...this.#byNetwork.values()]
  }
}
