import { displayAmount, isoSeconds } from '../domain/payments/payment-presenter.js'
import { currencyInfo } from '../money/index.js'
import type { CurrencyCode } from '../money/index.js'
import type { PaymentRow } from '../services/payments/create-payment.js'

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

export function publicPaymentJson(p: PaymentRow): PublicPayment {
  const currency = p.currency as CurrencyCode
  const due = p.amount_with_cents === null && p.status === 'queued' ? null : BigInt(p.amount_with_cents ?? p.amount_requested)
  const received = BigInt(p.amount_received)
  const missing = due === null || received >= due ? 0n : due - received
  return {
    payment_id: p.id,
    order_id: p.order_id,
    status: p.status,
    currency,
    amount_due: due === null ? null : displayAmount(due, currency),
    amount_received: received === 0n ? '0' : displayAmount(received, currency),
    amount_missing: missing === 0n ? '0' : displayAmount(missing, currency),
    pay_address: p.pay_address,
    tx_hash: p.tx_hash,
    confirmations: p.confirmations,
    confirmations_required: currencyInfo(currency).confirmations,
    expires_at: isoSeconds(p.expires_at),
    test_mode: p.test_mode === 1,
  }
}
