import { displayAmount, displayNumber, isoSeconds } from '../../domain/payments/payment-presenter.js'
import type { CurrencyCode } from '../../money/index.js'
import { JsonNumber } from '../../serialization/exact-json.js'
import type { PaymentRow, SelectionRow } from '../../services/payments/create-payment.js'
import type { PaymentStatusRow } from '../../services/payments/payment-queries.js'

/** Field names and JSON types exactly as the seed prints them; `test_mode` is Kassa's addition. */

export function paymentUrl(publicUrl: string, paymentId: string): string {
  return `${publicUrl}/pay/${paymentId}`
}

export function selectionUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/pay/select?token=${encodeURIComponent(token)}`
}

/** The amount the buyer must send: with cents for unique amounts, as requested otherwise. */
function dueAtomic(p: PaymentRow): bigint {
  return BigInt(p.amount_with_cents ?? p.amount_requested)
}

export function createdPaymentJson(p: PaymentRow, publicUrl: string) {
  return {
    payment_id: p.id,
    amount: displayAmount(dueAtomic(p), p.currency as CurrencyCode),
    currency: p.currency,
    pay_address: p.pay_address,
    status: p.status,
    expires_at: isoSeconds(p.expires_at),
    payment_url: paymentUrl(publicUrl, p.id),
    test_mode: p.test_mode === 1,
  }
}

export function selectingJson(s: SelectionRow, currencies: readonly string[], publicUrl: string, testMode: boolean) {
  return {
    payment_id: null,
    status: 'selecting',
    amount: displayNumber(BigInt(s.amount), s.base_currency as CurrencyCode),
    currencies,
    payment_url: selectionUrl(publicUrl, s.token),
    ...(s.fiat_amount !== null && { fiat_amount: new JsonNumber(s.fiat_amount), fiat_currency: s.fiat_currency }),
    expires_at: isoSeconds(s.expires_at),
    test_mode: testMode,
  }
}

export function paymentStatusJson(p: PaymentStatusRow) {
  const currency = p.currency as CurrencyCode
  return {
    payment_id: p.id,
    order_id: p.order_id,
    status: p.status,
    amount_requested: displayNumber(BigInt(p.amount_requested), currency),
    amount_with_cents: p.amount_with_cents === null ? null : displayNumber(BigInt(p.amount_with_cents), currency),
    amount_received: displayNumber(BigInt(p.amount_received), currency),
    currency,
    pay_address: p.pay_address,
    tx_hash: p.tx_hash,
    confirmations: p.confirmations,
    confirmed_at: p.confirmed_at === null ? null : isoSeconds(p.confirmed_at),
    expires_at: isoSeconds(p.expires_at),
    created_at: isoSeconds(p.created_at),
    test_mode: p.test_mode === 1,
  }
}
