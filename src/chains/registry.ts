import { currencyInfo, isCurrencyCode } from '../money/index.js'
import type { ChainCurrencyCode, CurrencyCode } from '../money/index.js'
import type { ChainAdapter, NetworkId } from './adapter.js'

/**
 * Adapters keyed by network, and the lookup from (mode, currency) to the adapter that serves
 * it. Adding a chain is registering an adapter; nothing else switches on chain names.
 *
 * Two lookups, because adapters also move coins that are not Merchant API currencies (DOGE,
 * XRP, TON, SOL serve the Swap API only): `forCurrency` answers for the Merchant API's
 * currencies and nothing else, `forSwap` for any coin an adapter moves.
 */
export class ChainRegistry {
  readonly #byNetwork = new Map<NetworkId, ChainAdapter>()
  readonly #byCurrency = { test: new Map<ChainCurrencyCode, ChainAdapter>(), live: new Map<ChainCurrencyCode, ChainAdapter>() }

  register(adapter: ChainAdapter): this {
    if (this.#byNetwork.has(adapter.network)) throw new Error(`network ${adapter.network} registered twice`)
    this.#byNetwork.set(adapter.network, adapter)
    const byCurrency = adapter.testMode ? this.#byCurrency.test : this.#byCurrency.live
    for (const c of adapter.currencies) if (!byCurrency.has(c)) byCurrency.set(c, adapter)
    return this
  }

  /**
   * The adapter for a Merchant API `currency` in a store of this mode; test stores never reach
   * live networks. A swap-only coin is never answered here, whatever a caller casts.
   */
  forCurrency(mode: 'test' | 'live', currency: CurrencyCode): ChainAdapter | undefined {
    return isCurrencyCode(currency) ? this.#byCurrency[mode].get(currency) : undefined
  }

  /** The adapter that receives and sends `currency` (swap-only coins included) for a Swap account of this mode. */
  forSwap(mode: 'test' | 'live', currency: ChainCurrencyCode): ChainAdapter | undefined {
    return this.#byCurrency[mode].get(currency)
  }

  /**
   * Confirmations a transfer of `currency` on `network` needs: the store's own threshold for the
   * currency when a store's payment is judged and it set one (`storeOverrides`, a store setting),
   * else the network's own setting, else the currency's.
   */
  requiredConfirmations(
    network: NetworkId,
    currency: ChainCurrencyCode,
    storeOverrides?: Readonly<Partial<Record<ChainCurrencyCode, number>>>,
  ): number {
    return storeOverrides?.[currency] ?? this.#byNetwork.get(network)?.confirmations ?? currencyInfo(currency).confirmations
  }

  byNetwork(network: NetworkId): ChainAdapter | undefined {
    return this.#byNetwork.get(network)
  }

  all(): ChainAdapter[] {
    return [...this.#byNetwork.values()]
  }
}
