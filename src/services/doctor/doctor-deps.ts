import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { DoctorDeps } from './doctor-check.js'

/**
 * The doctor's dependencies from a running install: the coins of a payout's transaction are read
 * by its network's own adapter. A network no longer configured, or bytes its adapter cannot
 * read, give none: that payout is left out of the coins check rather than stopping the others.
 */
export function doctorDeps(repos: Repositories, chains: ChainRegistry): DoctorDeps {
  return {
    repos,
    spentCoins: (network, raw) => {
      const send = chains.byNetwork(network)?.send
      if (!send?.spentCoins) return undefined
      try {
        return send.spentCoins(raw)
      } catch {
        return undefined
      }
    },
  }
}
