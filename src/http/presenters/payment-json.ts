import type { Payment, PaymentSummary } from '../../domain/payments/payment.js'
import type { Selection } from '../../domain/payments/selection.js'
import { JsonNumber } from '../../serialization/exact-json.js'
import { displayAmount } from '../../money/index.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'
import { displayNumber } from './amount-format.js'

/** Field names and JSON types exactly as the seed prints them; `test_mode` is Kassa's addition. */

export function paymentUrl(publicUrl: string, paymentId: string): string {
  return `${publicUrl}/pay/${paymentId}`
}

export function selectionUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/pay/select?token=${encodeURIComponent(token)}`
}

export function createdPaymentJson(p: Payment, publicUrl: string) {
  return {
    payment_id: p.id,
    amount: displayAmount(p.due, p.currency),
    currency: p.currency,
    pay_address: p.payAddress,
    status: p.status,
    expires_at: isoSeconds(p.expiresAt),
    payment_url: paymentUrl(publicUrl, p.id),
    test_mode: p.testMode,
  }
}

export function selectingJson(s: Selection, currencies: readonly string[], publicUrl: string, testMode: boolean) {
  return {
    payment_id: null,
    status: 'selecting',
    amount: displayNumber(s.amount, s.baseCurrency),
    currencies,
    payment_url: selectionUrl(publicUrl, s.token),
    ...(s.fiatAmount !== null && { fiat_amount: new JsonNumber(s.fiatAmount), fiat_currency: s.fiatCurrency }),
    expires_at: isoSeconds(s.expiresAt),
    test_mode: testMode,
  }
}

export function paymentStatusJson(p: PaymentSummary) {
  const currency = p.currency
  return {
    payment_id: p.id,
    order_id: p.orderId,
    status: p.status,
    amount_requested: displayNumber(p.amountRequested, currency),
    amount_with_cents: p.amountWithCents === null ? null : displayNumber(p.amountWithCents, currency),
    amount_received: displayNumber(p.amountReceived, currency),
    currency,
    pay_address: p.payAddress,
    tx_hash: p.txHash,
    confirmations: p.confirmations,
    confirmed_at: p.confirmedAt === null ? null : isoSeconds(p.confirmedAt),
    expires_at: isoSeconds(p.expiresAt),
    created_at: isoSeconds(p.createdAt),
    test_mode: p.testMode,
  }
}
