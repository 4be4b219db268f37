import type { Payment } from '../../domain/payments/payment.js'
import type { Selection } from '../../domain/payments/selection.js'
import type { Store } from '../../domain/stores/store.js'
import { FIAT_CODES } from '../../money/index.js'
import { html } from '../html.js'
import { csrfField, dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, when } from './merchant-format.js'
import { copyScript, shareLink } from './share-link.js'

/** What the form showed, to show it again after a refusal. */
export interface NewPaymentForm {
  amount_kind?: string
  amount?: string
  fiat_amount?: string
  fiat_currency?: string
  currency?: string
  order_id?: string
  description?: string
}

const sel = (on: boolean) => (on ? html` selected` : '')
const checked = (on: boolean) => (on ? html` checked` : '')

/**
 * "New payment": what `POST /api/v1/payment/create` takes, as a form. One currency makes the
 * payment at once; "buyer chooses" makes a selection, where a crypto amount is in the store's
 * first currency (the Merchant API's rule, said next to the field).
 */
export function newPaymentPage(view: DashboardView, store: Store, v: NewPaymentForm = {}, error?: string): string {
  const base = `/dashboard/stores/${store.id}`
  const codes = store.currencies.map((c) => c.code)
  const fiat = v.amount_kind === 'fiat'
  const body = html`${error ? notice('error', error) : ''}
<form method="post" action="${base}/new-payment" class="card" id="new-payment">${csrfField(view)}
<fieldset><legend>Amount</legend>
<label class="check"><input type="radio" name="amount_kind" value="crypto"${checked(!fiat)}> In crypto</label>
<label for="amount">Amount</label><input id="amount" name="amount" inputmode="decimal" autocomplete="off" maxlength="40" value="${v.amount ?? ''}" placeholder="100.00">
<p class="hint">In the currency below; with "buyer chooses", in ${codes[0] ?? 'the first currency'}, converted at the buyer's pick.</p>
<label class="check"><input type="radio" name="amount_kind" value="fiat"${checked(fiat)}> In fiat money, converted at today's rate</label>
<div class="filters"><div><label for="fiat_amount">Fiat amount</label><input id="fiat_amount" name="fiat_amount" inputmode="decimal" autocomplete="off" maxlength="40" value="${v.fiat_amount ?? ''}" placeholder="49.99"></div>
<div><label for="fiat_currency">Fiat currency</label><select id="fiat_currency" name="fiat_currency">${FIAT_CODES.map((c) => html`<option${sel((v.fiat_currency ?? 'USD') === c)}>${c}</option>`)}</select></div></div>
</fieldset>
<label for="currency">Currency</label>
<select id="currency" name="currency">${codes.length > 1 ? html`<option value="">Buyer chooses (${codes.join(', ')})</option>` : ''}${codes.map((c) => html`<option${sel(v.currency === c)}>${c}</option>`)}</select>
<label for="order_id">Order id (optional)</label><input id="order_id" name="order_id" maxlength="255" value="${v.order_id ?? ''}">
<label for="description">Description (optional, shown in the payment's metadata)</label><textarea id="description" name="description" rows="2" maxlength="500">${v.description ?? ''}</textarea>
<div class="actions"><button class="primary" type="submit">Create payment</button></div>
</form>`
  return dashboardPage(view, 'New payment', body)
}

/** After "Create payment": the link to send the buyer, and the payment's own page in the dashboard. */
export function newPaymentResultPage(
  view: DashboardView,
  store: Store,
  r: { kind: 'payment'; payment: Payment; url: string } | { kind: 'selection'; selection: Selection; url: string },
): string {
  const base = `/dashboard/stores/${store.id}`
  const details =
    r.kind === 'payment'
      ? html`<p>${badge(r.payment.status)} <strong>${money(r.payment.due, r.payment.currency)} ${r.payment.currency}</strong>${r.payment.orderId ? html` · order ${r.payment.orderId}` : ''} · expires ${when(r.payment.expiresAt)}</p>
<p><a href="${base}/payments/${r.payment.id}" id="payment-detail">Payment details</a></p>`
      : html`<p><strong>${money(r.selection.amount, r.selection.baseCurrency)} ${r.selection.baseCurrency}</strong>${r.selection.fiatAmount ? html` (${r.selection.fiatAmount} ${r.selection.fiatCurrency})` : ''}${r.selection.orderId ? html` · order ${r.selection.orderId}` : ''} · choose by ${when(r.selection.expiresAt)}</p>
<p class="muted">The buyer picks a currency on this page; the payment then appears under <a href="${base}/payments">Payments</a>.</p>`
  const body = html`${notice('ok', 'Payment created. Send this link to the buyer.')}
<div class="card">${shareLink('buyer-link', 'Buyer\u2019s payment page', r.url)}${details}</div>
<div class="actions"><a class="btn" href="${base}/new-payment">Another payment</a></div>${copyScript(view)}`
  return dashboardPage(view, 'Payment created', body)
}
