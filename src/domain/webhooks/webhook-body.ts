import { currencyInfo, formatAmount } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { JsonNumber, stringifyExact } from '../../serialization/exact-json.js'
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

/*
 * The seed's amount and time text, as http/presenters/amount-format.ts writes them for the
 * API: the body is built here, in the status change's transaction, and domain code does not
 * import http/. webhook-body.test.ts holds the two to the same text.
 */

function amountNumber(atomic: bigint, currency: CurrencyCode): JsonNumber {
  const info = currencyInfo(currency)
  return new JsonNumber(formatAmount(atomic, info.decimals, info.quoteDecimals))
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
