import { mayRefund, refundStatus, refundTxHash } from '../../domain/refunds/refund.js'
import type { Refund } from '../../domain/refunds/refund.js'
import type { Store } from '../../domain/stores/store.js'
import type { PaymentRefunds } from '../../services/refunds/refund-queries.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, shortIdText, when } from './merchant-format.js'

/** The refund form as posted, to show again with an error or on the confirmation step. */
export interface RefundForm {
  amount: string
  address: string
  reason: string
}

const base = (store: Pick<Store, 'id'>, paymentId: string) => `/dashboard/stores/${store.id}/payments/${paymentId}/refunds`

function refundRow(view: DashboardView, store: Pick<Store, 'id'>, r: Refund): SafeHtml {
  const status = refundStatus(r)
  const tx = refundTxHash(r)
  // A link nobody used holds the store's money: the merchant may withdraw it.
  const cancel =
    status === 'awaiting_address'
      ? postButton(view, `${base(store, r.paymentId)}/${r.id}/cancel`, 'Cancel link', {
          confirm: 'Cancel this refund link? The buyer can no longer use it; the amount returns to the available balance.',
        })
      : ''
  return html`<tr data-refund="${r.id}" data-refund-status="${status}"><td>${when(r.createdAt)}</td>
<td class="num">${money(r.amount, r.currency)} ${r.currency}</td><td>${badge(status)}</td>
<td>${r.address ? html`<span class="mono">${r.address}</span>` : status === 'cancelled' ? '—' : html`<a class="refund-link" href="/refund/${r.token}">buyer's link</a>`}</td>
<td class="mono tx">${tx ?? '—'}</td><td>${r.reason ?? ''}</td><td>${cancel}</td></tr>`
}

function refundTable(view: DashboardView, store: Pick<Store, 'id'>, refunds: readonly Refund[]): SafeHtml {
  return refunds.length === 0
    ? html`<p class="muted">No refunds yet.</p>`
    : html`<div class="scroll"><table id="refunds"><thead><tr><th>Created</th><th class="num">Amount</th><th>Status</th><th>To</th><th>Transaction</th><th>Reason</th><th>Action</th></tr></thead>
<tbody>${refunds.map((r) => refundRow(view, store, r))}</tbody></table></div>`
}

function refundFormHtml(view: DashboardView, store: Store, r: PaymentRefunds, form?: RefundForm): SafeHtml {
  const p = r.payment
  if (!mayRefund(p))
    return html`<p class="muted">Only completed, overpaid and underpaid payments (and payments resolved by hand) can be refunded: a ${p.status} payment has no money confirmed and credited to the store.</p>`
  if (r.refundable === 0n)
    return html`<p class="muted">Nothing is left to refund: what this payment received is refunded already (or being refunded).</p>`
  const f = form ?? { amount: money(r.refundable, p.currency), address: '', reason: '' }
  return html`<form method="post" action="${base(store, p.id)}/confirm" id="refund-form">${csrfField(view)}
<label for="refund-amount">Amount (${p.currency})</label><input id="refund-amount" name="amount" inputmode="decimal" autocomplete="off" required value="${f.amount}" aria-describedby="refund-amount-hint">
<p class="hint" id="refund-amount-hint">At most ${money(r.refundable, p.currency)} ${p.currency}: what the payment received, less earlier refunds. It is paid from the store's available balance.</p>
<label for="refund-address">Buyer's address (optional)</label><input id="refund-address" name="address" autocomplete="off" spellcheck="false" value="${f.address}" aria-describedby="refund-address-hint">
<p class="hint" id="refund-address-hint">An address on the ${p.currency} network. Leave it empty to get a link for the buyer to enter theirs.</p>
<label for="refund-reason">Reason (optional, shown to the buyer)</label><input id="refund-reason" name="reason" maxlength="500" autocomplete="off" value="${f.reason}">
<div class="actions"><button class="primary" type="submit">Refund…</button></div>
</form>`
}

/**
 * The payment detail page's "Refunds" card: the refunds with their state and, when something is
 * refundable, the form, which leads to a confirmation step before anything is written.
 */
export function paymentRefundSection(view: DashboardView, store: Store, r: PaymentRefunds): SafeHtml {
  const p = r.payment
  return html`<section class="card" id="refund-section"><h2>Refunds</h2>
<p class="muted">Refundable: <strong id="refundable">${money(r.refundable, p.currency)} ${p.currency}</strong> · refunded: ${money(r.refunded, p.currency)} ${p.currency}</p>
${refundTable(view, store, r.refunds)}
${refundFormHtml(view, store, r)}
</section>`
}

/** `…/payments/{id}/refunds`: where a refund's form answers, with its outcome or error. */
export function refundsPage(
  view: DashboardView,
  store: Store,
  r: PaymentRefunds,
  s: { ok?: string | undefined; error?: string | undefined; form?: RefundForm | undefined; link?: string | undefined },
): string {
  const p = r.payment
  return dashboardPage(
    view,
    `Refunds of payment ${shortIdText(p.id)}`,
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
${s.link ? html`<div class="secret" id="refund-link-box"><label for="refund-link">The buyer's refund link: send it to them</label><input id="refund-link" readonly value="${s.link}"></div>` : ''}
<section class="card"><h2>Refunds</h2>
<p class="muted">Refundable: <strong id="refundable">${money(r.refundable, p.currency)} ${p.currency}</strong> · refunded: ${money(r.refunded, p.currency)} ${p.currency}</p>
${refundTable(view, store, r.refunds)}
${refundFormHtml(view, store, r, s.form)}</section>
<p><a href="/dashboard/stores/${store.id}/payments/${p.id}">Back to the payment</a></p>`,
  )
}

/** The confirmation step: what will happen, and the one button that does it. */
export function refundConfirmPage(view: DashboardView, store: Store, r: PaymentRefunds, form: RefundForm): string {
  const p = r.payment
  const fields = (['amount', 'address', 'reason'] as const).map((k) => html`<input type="hidden" name="${k}" value="${form[k]}">`)
  return dashboardPage(
    view,
    'Confirm the refund',
    html`${store.mode === 'test' ? notice('warn', 'Test mode: the refund is sent on the simulated network and moves no real money.') : ''}
<section class="card" id="refund-confirm"><p>Refund <strong>${form.amount} ${p.currency}</strong> of payment <code>${p.id}</code>${p.orderId ? html` (order ${p.orderId})` : ''}
${form.address ? html`to <code>${form.address}</code>. It is sent at once and cannot be recalled.` : html`through a link: the buyer enters their address on it, and the refund is sent then.`}</p>
<p class="muted">The amount is taken from the store's available balance now.</p>
<form method="post" action="${base(store, p.id)}">${csrfField(view)}${fields}
<div class="actions"><button class="primary" type="submit" id="refund-confirm-button">Confirm refund</button> <a href="/dashboard/stores/${store.id}/payments/${p.id}">Cancel</a></div></form></section>`,
  )
}

/** A refund's line in the payment's timeline. */
export function refundTimelineEntry(at: SafeHtml, r: Refund): SafeHtml {
  const tx = refundTxHash(r)
  return html`<li>${at}Refund of ${money(r.amount, r.currency)} ${r.currency} ${badge(refundStatus(r))}${r.address ? html` to <code>${r.address}</code>` : ' (awaiting the buyer’s address)'}${tx ? html`: <code>${tx}</code>` : ''}</li>`
}
