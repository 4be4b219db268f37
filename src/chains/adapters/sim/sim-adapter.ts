import { createHash } from 'node:crypto'
import type { ChainCurrencyCode } from '../../../money/index.js'
import type { ChainAdapter, ChainBlock, ReceiveCapability, WatchCapability } from '../../adapter.js'
import { paymentUri } from '../../payment-uri.js'
import type { SimChainStore } from './sim-chain-store.js'
import { toObservedTransfer } from './sim-mapping.js'
import type { SimNetworkSpec } from './sim-networks.js'
import { createSimSend } from './sim-send.js'

/**
 * Deterministic digest for a store's address at `index` (each family encodes the bytes it
 * needs). Sim addresses hold no keys; they only need to be valid in their family's format and
 * never to collide between stores.
 */
function addressDigest(network: string, storeId: string, index: number): Uint8Array {
  return createHash('sha256').update(`${network}\u0000${storeId}\u0000${index}`).digest()
}

/** Contract address the simulated network pretends its USDT lives at. */
export function simTokenContract(spec: SimNetworkSpec, currency: ChainCurrencyCode): string {
  return spec.encodeAddress(createHash('sha256').update(`kassa-sim-token\u0000${currency}`).digest())
}

export function createSimAdapter(spec: SimNetworkSpec, store: SimChainStore): ChainAdapter {
  const receive: ReceiveCapability = {
    indexScope: 'store',
    deriveAddress: (storeId, index) => spec.encodeAddress(addressDigest(spec.network, storeId, index)),
    validateAddress: spec.validateAddress,
    paymentUri: (currency, address, amount) =>
      paymentUri({
        family: spec.family,
        currency,
        address,
        amount,
        chainId: spec.chainId,
        tokenContract: currency.startsWith('USDT') ? simTokenContract(spec, currency) : undefined,
      }),
  }
  const watch: WatchCapability = {
    getTip: () => store.tip(spec.network),
    async getBlock(height): Promise<ChainBlock | null> {
      const ref = await store.blockAt(spec.network, height)
      if (!ref) return null
      // A reverted transaction is in its block but moved nothing.
      const txs = await store.transactionsInBlock(spec.network, height)
      return { ...ref, transfers: txs.filter((tx) => !tx.reverted).map(toObservedTransfer) }
    },
    getMempool: async () => (await store.mempool(spec.network)).map(toObservedTransfer),
  }
  return {
    network: spec.network,
    family: spec.family,
    currencies: spec.currencies,
    testMode: true,
    capabilities: {
      supportsTokenTransfers: true,
      supportsMemo: false,
      supportsPayoutMemo: spec.supportsPayoutMemo ?? false,
      supportsSend: true,
    },
    receive,
    watch,
    send: createSimSend(spec, store),
  }
}
