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
  return stringifyExact({
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
  })
}

function amountNumber(atomic: bigint, currency: CurrencyCode): JsonNumber {
  return new JsonNumber(displayAmount(atomic, currency))
}
