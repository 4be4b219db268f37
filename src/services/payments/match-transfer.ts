import type { ObservedTransfer } from '../../chains/adapter.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'

export type TransferMatch =
  | { kind: 'payment'; paymentId: string }
  | { kind: 'unmatched'; storeId: string }
  | { kind: 'not-ours' }
  /** To a Swap API order's deposit address: recorded; the order reads its funding from it. */
  | { kind: 'swap' }

/** Statuses that still accept money on a payment's own address (a top-up makes it overpaid). */
const ACCEPTS_ON_OWN_ADDRESS: readonly PaymentStatus[] = ['pending', 'confirming', 'completed', 'overpaid']

/**
 * Decides which payment a newly seen transfer pays. A transfer to one of our addresses that
 * fits no open payment (late, wrong amount, wrong token) is `unmatched`: recorded and shown,
 * never dropped (DESIGN.md "No funds are ever dropped").
 */
export async function matchTransfer(tx: Repositories, network: string, t: ObservedTransfer, now: number): Promise<TransferMatch> {
  const owner = await tx.depositAddresses.ownerOf(network, t.toAddress)
  // Swap orders have addresses of their own (src/services/swap/deposit-address.ts), deleted or not: no funds are dropped.
  if (!owner) return (await tx.swapOrders.isDepositAddress(network, t.toAddress)) ? { kind: 'swap' } : { kind: 'not-ours' }
  const unmatched = { kind: 'unmatched', storeId: owner.storeId } as const

  if (owner.paymentId !== null) {
    const p = await tx.payments.brief(owner.paymentId)
    if (!p || p.currency !== t.currency || !ACCEPTS_ON_OWN_ADDRESS.includes(p.status)) return unmatched
    if (p.status === 'pending' && now >= p.expiresAt) return unmatched
    return { kind: 'payment', paymentId: p.id }
  }

  const slot = await tx.payments.holderOfAmount(t.currency, t.toAddress, t.amount)
  if (!slot || (slot.status === 'pending' && now >= slot.expiresAt)) return unmatched
  return { kind: 'payment', paymentId: slot.id }
}
