import { displayAmount } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { JsonNumber, stringifyExact } from '../../serialization/exact-json.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'
import type { PaymentEventName } from '../payments/payment-events.js'
import type { PaymentStatus } from '../payments/payment-status.js'

export interface WebhookPaymentView {
  id: string
  orderId: string | null
  currency: CurrencyCode
  due: bigint
  received: bigint
  txHash: string | null
  confirmedAt: number | null
  status: PaymentStatus
  metadata: unknown
}

/**
 * The webhook body exactly as the seed prints it, as text: the text is stored with the event
 * so every retry and resend carries the same bytes under the same signature.
 */
export function webhookBody(event: PaymentEventName, p: WebhookPaymentView): string {
  return stringifyExact(seedFields(event, p))
}

/** What a `payment.refunded` event adds to the seed's fields (a documented Kassa extension). */
export interface WebhookRefundView {
  id: string
  amount: bigint
  txHash: string | null
  address: string
  /** Every confirmed refund of the payment, this one included. */
  totalRefunded: bigint
}

/**
 * `payment.refunded`: the seed's body fields unchanged (status is the payment's, which a refund
 * does not change), then `refund` (this refund) and `amount_refunded` (all confirmed refunds of
 * the payment, this one included), amounts as JSON numbers like the seed's.
 */
export function refundedWebhookBody(p: WebhookPaymentView, r: WebhookRefundView): string {
  return stringifyExact({
    ...seedFields('payment.refunded', p),
    refund: { id: r.id, amount: amountNumber(r.amount, p.currency), tx_hash: r.txHash, address: r.address },
    amount_refunded: amountNumber(r.totalRefunded, p.currency),
  })
}

function seedFields(event: PaymentEventName, p: WebhookPaymentView) {
  return {
    event,
    payment_id: p.id,
    order_id: p.orderId,
    amount: amountNumber(p.due, p.currency),
    amount_received: amountNumber(p.received, p.currency),
    currency: p.currency,
    tx_hash: p.txHash,
    confirmed_at: p.confirmedAt === null ? null : isoSeconds(p.confirmedAt),
    status: p.status,
    metadata: p.metadata ?? null,
  }
}

function amountNumber(atomic: bigint, currency: CurrencyCode): JsonNumber {
  return new JsonNumber(displayAmount(atomic, currency))
}
