import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { SwapSignature } from '../../security/swap-signature.js'
import type { SwapAccounts } from './swap-accounts.js'

/** What the Swap API's use cases need; wired once in src/app/swap-wiring.ts. */
export interface SwapDeps {
  /** The database, table by table; writes go through `repos.write(tx => …)`. */
  repos: Repositories
  chains: ChainRegistry
  now: () => number
  accounts: SwapAccounts
  signature: SwapSignature
  /** `coin/network` pairs switched off. */
  maintenance: readonly string[]
  /** Days the audit record of an order is kept (KASSA_SWAP_AUDIT_DAYS). */
  auditDays: number
}
