import { displayAmount, isoSeconds } from '../../domain/payments/payment-presenter.js'
import type { CurrencyCode } from '../../money/index.js'
import type { PaymentRow, SelectionRow } from '../../services/payments/create-payment.js'
import { html, layout } from '../html.js'

const STATUS_TEXT: Record<string, string> = {
  pending: 'Waiting for your payment.',
  queued: 'Many payments of this amount are open right now; your payment amount will be assigned in a moment.',
  confirming: 'Payment seen on the network; waiting for confirmations.',
  completed: 'Paid. Thank you!',
  overpaid: 'Paid (more than the amount due).',
  underpaid: 'Time is up and less than the amount due arrived.',
  expired: 'This payment has expired.',
}

/**
 * The hosted payment page, deliberately plain until the full checkout (issue 6): it refreshes
 * itself while the payment is open and, in test mode, offers the simulate buttons.
 */
export function paymentPage(p: PaymentRow, paymentUri: string | null): string {
  const currency = p.currency as CurrencyCode
  const due = BigInt(p.amount_with_cents ?? p.amount_requested)
  const open = p.status === 'pending' || p.status === 'queued' || p.status === 'confirming'
  const testMode = p.test_mode === 1
  const body = html`
${testMode ? html`<p class="test" role="status"><strong>Test mode.</strong> No real money moves: this payment lives on a simulated network.</p>` : ''}
<h1>Pay ${displayAmount(due, currency)} ${currency}</h1>
<p id="status" aria-live="polite">${STATUS_TEXT[p.status] ?? p.status}</p>
${p.status === 'queued' ? '' : html`<p>Send exactly <code>${displayAmount(due, currency)}</code> ${currency} to<br><code>${p.pay_address}</code></p>`}
${paymentUri && open && p.status !== 'queued' ? html`<p><a href="${paymentUri}">Open in wallet</a></p>` : ''}
<p>Received: ${displayAmount(BigInt(p.amount_received), currency)} ${currency} · confirmations: ${p.confirmations}</p>
${open ? html`<p>Expires at ${isoSeconds(p.expires_at)}</p>` : ''}
${testMode && open && p.status !== 'queued' ? html`<form method="post" action="/pay/${p.id}/simulate">
<button name="part" value="full">Simulate paying the full amount</button>
<button name="part" value="half">Simulate paying half</button>
<button name="part" value="more">Simulate paying more</button></form>` : ''}`
  return layout(`Payment ${p.id}`, body, open ? { refreshSeconds: 5 } : {})
}

export function selectionPage(s: SelectionRow, currencies: readonly string[], amountText: string): string {
  const body = html`
<p class="test" role="status"><strong>Test mode.</strong> No real money moves.</p>
<h1>Choose how to pay</h1>
<p>Amount: ${amountText}</p>
<form method="post" action="/pay/select">
<input type="hidden" name="token" value="${s.token}">
${currencies.map((c) => html`<button name="currency" value="${c}">${c}</button><br>`)}
</form>`
  return layout('Choose a currency', body)
}
