import type { ChainRegistry } from '../chains/registry.js'
import type { SwapSignature } from '../security/swap-signature.js'
import { ScreeningList } from '../services/swap/screening-list.js'
import { SwapAccounts } from '../services/swap/swap-accounts.js'
import type { SwapDeps } from '../services/swap/swap-deps.js'
import type { WiringBase } from './wiring-base.js'

export interface SwapWiring {
  /** Swap API accounts, their keys and quotas. */
  swapAccounts: SwapAccounts
  /** Addresses no order may pay out to. */
  screening: ScreeningList
  /** The Swap API's use cases' dependencies. */
  swap: SwapDeps
}

/** The Swap API's side: accounts, the screening list, and what its use cases take. */
export function wireSwap(base: WiringBase, chains: ChainRegistry, signature: SwapSignature): SwapWiring {
  const config = base.config.swap
  const swapAccounts = new SwapAccounts(base.repos, base.now, config.quotas)
  const screening = new ScreeningList(base.repos, base.now)
  const swap: SwapDeps = {
    repos: base.repos,
    chains,
    now: base.now,
    accounts: swapAccounts,
    signature,
    maintenance: config.maintenance,
    auditDays: config.auditDays,
  }
  return { swapAccounts, screening, swap }
}
