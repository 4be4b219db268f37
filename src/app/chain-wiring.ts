import type { ChainAdapter } from '../chains/adapter.js'
import { createSimAdapter } from '../chains/adapters/sim/sim-adapter.js'
import type { SimChainStore } from '../chains/adapters/sim/sim-chain-store.js'
import { SIM_NETWORKS } from '../chains/adapters/sim/sim-networks.js'
import { ChainRegistry } from '../chains/registry.js'
import type { KassaConfig } from '../config/index.js'
import type { SecretBox } from '../security/secret-box.js'

/** A real network's adapter: it can check its node against the configuration. */
export interface VerifiableAdapter extends ChainAdapter {
  /** `cursorHeight`: where the watcher resumes, for a node that may have pruned blocks. */
  verify(ctx?: { cursorHeight?: number | undefined }): Promise<void>
}

/** The configured real networks (EVM, TRON, Bitcoin and Litecoin by config), not yet asked anything. */
export async function openRealNetworks(config: KassaConfig, box: SecretBox): Promise<VerifiableAdapter[]> {
  const realNetworks: VerifiableAdapter[] = []
  if (config.evmNetworks.length > 0) {
    // viem loads only when an EVM network is configured: it is a quarter of a second of start-up.
    const { openEvmNetwork } = await import('../chains/adapters/evm/evm-network.js')
    for (const n of config.evmNetworks) realNetworks.push(openEvmNetwork(n, box))
  }
  if (config.tronNetworks.length > 0) {
    const { openTronNetwork } = await import('../chains/adapters/tron/tron-network.js')
    for (const n of config.tronNetworks) realNetworks.push(openTronNetwork(n, box))
  }
  if (config.bitcoinNetworks.length > 0) {
    const { openBitcoinNetwork } = await import('../chains/adapters/bitcoin/bitcoin-network.js')
    for (const n of config.bitcoinNetworks) realNetworks.push(openBitcoinNetwork(n, box))
  }
  return realNetworks
}

/** Every network Kassa follows: the simulated ones always (test mode), then the real ones. */
export function chainRegistry(simChain: SimChainStore, realNetworks: readonly ChainAdapter[]): ChainRegistry {
  const chains = new ChainRegistry()
  for (const spec of SIM_NETWORKS) chains.register(createSimAdapter(spec, simChain))
  for (const adapter of realNetworks) chains.register(adapter)
  return chains
}
