import type { Kysely } from 'kysely'
import type { ChainRegistry } from '../../chains/registry.js'
import type { DialectInfo } from '../../db/dialect.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { TransactionRunner } from '../../db/transaction-runner.js'
import type { Database } from '../../db/schema.js'

/** What the payment use cases need; one object so that wiring stays in one place (app/). */
export interface PaymentEngineDeps {
  /** The database, table by table; writes go through `repos.write(tx => …)`. */
  repos: Repositories
  /** @deprecated being replaced by `repos`; no new use. */
  db: Kysely<Database>
  /** @deprecated being replaced by `repos`; no new use. */
  dialect: DialectInfo
  /** @deprecated being replaced by `repos.write`; no new use. Runs write transactions; on SQLite it groups concurrent ones into one commit. */
  writes: TransactionRunner
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
