import type { ObservedTransfer } from '../../chains/adapter.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { matchNearAmount } from '../../domain/payments/near-amount-match.js'
import type { AmountClaimant } from '../../domain/payments/near-amount-match.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import { isCurrencyCode } from '../../money/index.js'

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
 * never dropped (DESIGN.md "No funds are ever dropped"). On a shared (unique-amount) address
 * a transfer that is no open payment's exact amount goes to the one payment it is near, when
 * exactly one could have been meant, and the store forgives the difference (docs/API.md
 * "How a transfer finds its payment").
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

  // A shared address: the exact unique amount first, then a near one (matchNearAmount).
  const slot = await tx.payments.holderOfAmount(t.currency, t.toAddress, t.amount)
  if (slot) return slot.status === 'pending' && now >= slot.expiresAt ? unmatched : { kind: 'payment', paymentId: slot.id }
  const near = await nearAmountPayment(tx, owner.storeId, t, now)
  return near === null ? unmatched : { kind: 'payment', paymentId: near }
}

/** How long after its creation a closed payment's buyer is still thought to pay late (its exact or a near amount). */
const LATE_PAYMENT_WINDOW = 24 * 60 * 60_000

/**
 * The payment a transfer of no one's exact unique amount pays, if exactly one could have been
 * meant (domain/payments/near-amount-match.ts). Every payment at the address is a claimant:
 * the open ones, the queued ones (their buyer knows the base amount), and for a day those
 * that closed unpaid, or paid exactly this amount (a late or second transfer of theirs).
 */
async function nearAmountPayment(tx: Repositories, storeId: string, t: ObservedTransfer, now: number): Promise<string | null> {
  // A coin no payment is made in (DOGE) has no payment to be near.
  const currency = t.currency
  if (!isCurrencyCode(currency)) return null
  const store = await tx.stores.paymentTerms(storeId)
  if (!store || store.underpayToleranceBp === 0) return null
  // One after another: a unit of work is one connection.
  const open = await tx.payments.slotHoldersAt(currency, t.toAddress)
  const queued = await tx.payments.queuedAt(currency, t.toAddress, now, MAX_QUEUED_CLAIMANTS)
  const closed = await tx.payments.closedAtAddressSince(storeId, currency, t.toAddress, now - LATE_PAYMENT_WINDOW)
  // A full queue page means some were not read: too many claimants to single one out.
  if (queued.length === MAX_QUEUED_CLAIMANTS) return null
  const claimants: AmountClaimant[] = [
    ...open.map((p) => ({
      id: p.id,
      due: p.due,
      takesNearAmount: p.status === 'pending' && now < p.expiresAt && p.amountReceived === 0n,
    })),
    ...queued.map((q) => ({ id: q.id, due: q.amountRequested, takesNearAmount: false })),
    // A paid payment stands in the way only with exactly this amount: a second transfer of its buyer's.
    ...closed
      .filter((c) => c.status === 'expired' || c.status === 'underpaid' || c.due === t.amount)
      .map((c) => ({ id: c.id, due: c.due, takesNearAmount: false })),
  ]
  const id = matchNearAmount(t.amount, claimants, store.underpayToleranceBp)
  // Received nothing yet, counting what this same pass recorded before its reconciliation: a
  // second near transfer is a second buyer's as much as a top-up, so it is left unmatched.
  if (id === null || (await tx.chain.paymentTransfers(id)).length > 0) return null
  return id
}

/** Queued payments read as claimants; a queue this long at one address makes a near amount ambiguous anyway. */
const MAX_QUEUED_CLAIMANTS = 500
