import type { PaymentStatus } from '../payments/payment-status.js'
import type { PayoutStatus } from '../payouts/payout.js'
import type { CurrencyCode } from '../../money/index.js'

/**
 * A refund's state as the merchant and the buyer see it. It is not stored: it follows from
 * whether the buyer's address is known and, once it is, from the payout that sends the money
 * (domain/payouts/payout.ts), so the two can never disagree.
 * - awaiting_address: the link was made; the buyer has not entered an address yet;
 * - queued: the payout is written (queued or signed), nothing on the network yet;
 * - sent: the transaction is on the network (broadcast), tx_hash known;
 * - confirmed: at the network's confirmation depth: done;
 * - failed: the payout failed for good; the amount is back in the store's balance and
 *   refundable again;
 * - cancelled: the merchant withdrew the link before the buyer gave an address; the amount is
 *   back in the store's balance and refundable again.
 */
export const REFUND_STATUSES = ['awaiting_address', 'queued', 'sent', 'confirmed', 'failed', 'cancelled'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

/** Payments whose money may be returned: credited to the store (creditsMerchant) and final. */
export const REFUNDABLE_PAYMENT_STATUSES: readonly PaymentStatus[] = ['completed', 'overpaid', 'underpaid']

/**
 * Whether a payment's money may be refunded: a completed, overpaid or underpaid payment, or one
 * resolved by hand (a payment marked invalid reads `expired` but keeps its confirmed money
 * credited to the store: the usual case of a cancelled order whose buyer is owed it back).
 * How much is refundableAmount's question; for a payment that received nothing it is 0.
 */
export function mayRefund(p: { status: PaymentStatus; resolution?: unknown }): boolean {
  return REFUNDABLE_PAYMENT_STATUSES.includes(p.status) || (p.resolution != null && p.status === 'expired')
}

export interface Refund {
  id: string
  paymentId: string
  storeId: string
  currency: CurrencyCode
  /** Atomic units of `currency`. */
  amount: bigint
  /** The buyer's link: /refund/{token}. Unguessable (192 random bits); it is the capability. */
  token: string
  /** Null until the merchant or the buyer gives it. */
  address: string | null
  reason: string | null
  /** The payout that sends it; null while awaiting the address. */
  payoutId: string | null
  payoutStatus: PayoutStatus | null
  txHash: string | null
  network: string | null
  /** Set when the merchant cancelled the link (only ever while awaiting the address). */
  cancelledAt: number | null
  createdAt: number
  updatedAt: number
}

export function refundStatus(r: Pick<Refund, 'payoutId' | 'payoutStatus'> & { cancelledAt?: number | null }): RefundStatus {
  if (r.cancelledAt != null) return 'cancelled'
  if (r.payoutId === null || r.payoutStatus === null) return 'awaiting_address'
  switch (r.payoutStatus) {
    case 'queued':
    case 'signed':
      // A signed transaction may not have left yet: the buyer is told "sent" only once it has.
      return 'queued'
    case 'broadcast':
      return 'sent'
    case 'confirmed':
      return 'confirmed'
    case 'failed':
      return 'failed'
  }
}

/** The transaction id the buyer may look up: only once it was sent. */
export function refundTxHash(r: Pick<Refund, 'payoutId' | 'payoutStatus' | 'txHash'>): string | null {
  const s = refundStatus(r)
  return s === 'sent' || s === 'confirmed' || s === 'failed' ? r.txHash : null
}

type Counted = Pick<Refund, 'amount' | 'payoutId' | 'payoutStatus'> & { cancelledAt?: number | null }

/** Refunds that hold part of the payment's received money: every one neither failed nor cancelled. */
export function committedAmount(refunds: readonly Counted[]): bigint {
  return refunds.reduce((sum, r) => {
    const s = refundStatus(r)
    return s === 'failed' || s === 'cancelled' ? sum : sum + r.amount
  }, 0n)
}

/** What has reached the buyer: confirmed refunds. */
export function refundedAmount(refunds: readonly Counted[]): bigint {
  return refunds.reduce((sum, r) => (refundStatus(r) === 'confirmed' ? sum + r.amount : sum), 0n)
}

/**
 * What may still be refunded: the money received and credited for the payment (its confirmed
 * receipts, as the ledger credited them) less every refund neither failed nor cancelled. Never
 * negative.
 */
export function refundableAmount(credited: bigint, refunds: readonly Counted[]): bigint {
  const left = credited - committedAmount(refunds)
  return left > 0n ? left : 0n
}
