import type { Payment } from '../domain/payments/payment.js'
import { remainingDue } from '../domain/payments/payment.js'
import { displayAmount } from '../money/index.js'
import { isoSeconds } from '../serialization/iso-seconds.js'

/**
 * What the buyer's browser learns about a payment: the page's initial data, the status poll,
 * the event stream and the widget's onSuccess argument. Amounts are decimal strings (never a
 * JS number on the way to a browser either); no store id, no metadata.
 */
export interface PublicPayment {
  payment_id: string
  order_id: string | null
  status: string
  currency: string
  amount_due: string | null
  amount_received: string
  amount_missing: string
  pay_address: string
  tx_hash: string | null
  confirmations: number
  confirmations_required: number
  expires_at: string
  test_mode: boolean
}

/**
 * `confirmationsRequired`: what the payment needs (ChainRegistry.requiredConfirmations with its
 * store's thresholds), so the buyer counts to the number that completes it.
 */
export function publicPaymentJson(p: Payment, confirmationsRequired: number): PublicPayment {
  const currency = p.currency
  // A queued payment has no amount of its own yet: nothing to show as due or missing.
  const queued = p.amountWithCents === null && p.status === 'queued'
  const missing = queued ? 0n : remainingDue(p)
  return {
    payment_id: p.id,
    order_id: p.orderId,
    status: p.status,
    currency,
    amount_due: queued ? null : displayAmount(p.due, currency),
    amount_received: p.amountReceived === 0n ? '0' : displayAmount(p.amountReceived, currency),
    amount_missing: missing === 0n ? '0' : displayAmount(missing, currency),
    pay_address: p.payAddress,
    tx_hash: p.txHash,
    confirmations: p.confirmations,
    confirmations_required: confirmationsRequired,
    expires_at: isoSeconds(p.expiresAt),
    test_mode: p.testMode,
  }
}

/**
 * What the page asks the buyer to send now, and whether a partial payment's rest can be sent
 * at all. Open means pending or confirming (confirming can still miss a part when the store
 * tolerates a shortfall). After a part arrives the figure, QR code and wallet link are for the
 * rest. On a shared address (unique_amount) a transfer is matched only by its exact amount
 * (services/payments/match-transfer.ts, amount_slots): a second transfer of the rest would be
 * an unmatched deposit, or worse pay another buyer's payment of that amount, so there the
 * page shows no amount to send and says in words to settle the rest with the merchant.
 */
export interface PaymentAsk {
  /** Atomic units to send now (the whole due, or the rest); null when nothing can be sent here. */
  amount: bigint | null
  /** Something arrived and something is missing on an open payment. */
  partial: boolean
  /** A part arrived on a shared address and the payment waits for more, which cannot be matched: explain. */
  restUnmatchable: boolean
}

export function paymentAsk(p: Pick<Payment, 'status' | 'strategy' | 'due' | 'amountReceived'>): PaymentAsk {
  const open = p.status === 'pending' || p.status === 'confirming'
  const rest = remainingDue(p)
  const partial = open && p.amountReceived > 0n && rest > 0n
  const shared = partial && p.strategy === 'unique_amount'
  // Confirming there means a near amount within the store's tolerance: the shortfall is
  // forgiven and the payment completes once confirmed, so there is nothing to explain.
  const restUnmatchable = shared && p.status === 'pending'
  return { amount: open && rest > 0n && !shared ? rest : null, partial, restUnmatchable }
}
