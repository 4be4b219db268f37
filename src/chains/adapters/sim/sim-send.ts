import { createHash, randomUUID } from 'node:crypto'
import type { ChainCurrencyCode } from '../../../money/index.js'
import { OperationNotSupportedError } from '../../adapter.js'
import type { PayoutReceipt, PayoutRequest, SendCapability, SignedPayout, StoredTransaction } from '../../adapter.js'
import type { SimChainStore } from './sim-chain-store.js'
import type { SimNetworkSpec } from './sim-networks.js'

/**
 * A simulated hot wallet, so the one payout engine sends test-mode payouts (Swap API outputs)
 * exactly as it sends real ones: sign → broadcast → receipt. A "signed transaction" is the
 * transfer as JSON with a hash over its content and a random salt; broadcasting it records it in the
 * simulated chain's mempool, mining confirms it. The wallet's balance is unlimited: test
 * money is not counted. Sweeps are not supported (sim deposit keys do not exist). A memo
 * (destination tag, comment) is recorded on the transaction where the network carries one.
 */
export function createSimSend(spec: SimNetworkSpec, store: SimChainStore): SendCapability {
  const hotWallet = spec.encodeAddress(createHash('sha256').update(`kassa-sim-hot-wallet\u0000${spec.network}`).digest())
  return {
    hotWalletAddress: () => hotWallet,
    canSweep: false,
    depositAddress: () => {
      throw new OperationNotSupportedError(spec.network, 'sweeping a simulated deposit address')
    },
    balance: async () => 10n ** 30n,
    maxNativeTransferFee: async () => 0n,
    async sign(request: PayoutRequest): Promise<SignedPayout> {
      if (request.amount === 'all' || request.from.kind !== 'hot-wallet')
        throw new OperationNotSupportedError(spec.network, 'sweeping a simulated deposit address')
      const memo = request.memo ?? null
      if (memo !== null && !spec.supportsPayoutMemo) throw new OperationNotSupportedError(spec.network, 'a payout memo')
      const body = {
        network: spec.network,
        currency: request.currency,
        to: request.to,
        amount: request.amount.toString(),
        // Two payouts of the same amount to the same address are two transactions.
        salt: randomUUID(),
        ...(memo !== null && { memo }),
      }
      const txHash = createHash('sha256').update(JSON.stringify(body)).digest('hex')
      return {
        txHash,
        rawTransaction: JSON.stringify({ ...body, txHash }),
        fromAddress: hotWallet,
        nonce: null,
        amount: request.amount,
        maxFee: 0n,
      }
    },
    async broadcast(stored: StoredTransaction): Promise<void> {
      const tx = JSON.parse(stored.rawTransaction) as {
        currency: ChainCurrencyCode
        to: string
        amount: string
        txHash: string
        memo?: string
      }
      // Sending again what the chain already has is not an error (SendCapability's contract).
      if (await store.transaction(spec.network, tx.txHash)) return
      await store.addTransaction(
        {
          txHash: tx.txHash,
          network: spec.network,
          currency: tx.currency,
          toAddress: tx.to,
          amount: BigInt(tx.amount),
          memo: tx.memo ?? null,
        },
        Date.now(),
      )
    },
    async receipt(stored: StoredTransaction): Promise<PayoutReceipt> {
      const tx = await store.transaction(spec.network, stored.txHash)
      if (!tx) return { state: 'unknown' }
      if (tx.blockHeight === null) return { state: 'pending' }
      const tip = await store.tip(spec.network)
      return {
        state: 'mined',
        blockHeight: tx.blockHeight,
        confirmations: tip ? tip.height - tx.blockHeight + 1 : 1,
        success: !tx.reverted,
      }
    },
  }
}
