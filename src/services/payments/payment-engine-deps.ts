import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'

/** What the payment use cases need; one object so that wiring stays in one place (app/). */
export interface PaymentEngineDeps {
  /** The database, table by table; writes go through `repos.write(tx => …)`. */
  repos: Repositories
  chains: ChainRegistry
  now: () => number
  /** Unique-amount offsets per base amount before a payment is `queued` (config). */
  uniqueAmountSlots: number
  /**
   * Unique amounts a store's widget and donation payments may hold at once (config): public
   * endpoints take no secret, so a flood of them must not take the Merchant API's slots.
   */
  publicAmountSlots?: number
}
