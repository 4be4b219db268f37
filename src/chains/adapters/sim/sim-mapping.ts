import type { ObservedTransfer } from '../../adapter.js'
import type { SimTransaction } from './sim-chain-store.js'

/** A sim transaction pays exactly one address, so its output index is always 0. */
export function toObservedTransfer(tx: SimTransaction): ObservedTransfer {
  return { txHash: tx.txHash, outputIndex: 0, currency: tx.currency, toAddress: tx.toAddress, amount: tx.amount }
}
