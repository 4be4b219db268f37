import type { Payment } from '../../domain/payments/payment.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import type { Store } from '../../domain/stores/store.js'
import type { PaymentFilter } from '../../services/dashboard/payment-search.js'
import { filterQuery } from '../../services/dashboard/payment-search.js'
import type { PaymentDetail, TimelineEntry } from '../../services/dashboard/payment-timeline.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, pager, when } from './merchant-format.js'
import { paymentRefundSection, refundTimelineEntry } from './payment-refund-section.js'
import { paymentResolveSection, resolutionTimelineLine } from './payment-resolve-section.js'
import type { ResolveFlash } from './payment-resolve-section.js'

const sel = (on: boolean) => (on ? html` selected` : '')

function filterForm(base: string, store: Store, f: PaymentFilter): SafeHtml {
  return html`<form method="get" action="${base}/payments" class="filters card" role="search">
<div><label for="q">Search</label><input id="q" name="q" value="${f.q ?? ''}" placeholder="payment id, order id, address, tx hash" size="36"></div>
<div><label for="status">Status</label><select id="status" name="status"><option value="">any</option>${PAYMENT_STATUSES.map((s) => html`<option${sel(f.status === s)}>${s}</option>`)}</select></div>
<div><label for="currency">Currency</label><select id="currency" name="currency"><option value="">any</option>${store.currencies.map((c) => html`<option${sel(f.currency === c.code)}>${c.code}</option>`)}</select></div>
<div><label for="from">From</label><input id="from" name="from" type="date" value="${f.from ?? ''}"></div>
<div><label for="to">To</label><input id="to" name="to" type="date" value="${f.to ?? ''}"></div>
<div><button type="submit">Filter</button> <a href="${base}/payments">Clear</a></div></form>`
}

export function paymentListPage(
  view: DashboardView,
  store: Store,
  p: { filter: PaymentFilter; payments: Payment[]; total: number; page: number; perPage: number; error?: string },
): string {
  const base = `/dashboard/stores/${store.id}`
  const query = filterQuery(p.filter)
  const rows = p.payments.map(
    (r) => html`<tr><td><a href="${base}/payments/${r.id}"><code>${r.id.slice(0, 8)}</code></a>${r.source === 'donation' ? ' ❤️' : ''}</td>
<td>${r.orderId ?? ''}</td><td>${badge(r.status)}</td><td class="num">${money(r.due, r.currency)} ${r.currency}</td>
<td class="num">${money(r.amountReceived, r.currency)}</td><td>${when(r.createdAt)}</td></tr>`,
  )
  const table =
    p.payments.length === 0
      ? html`<p class="card muted">No payment matches.</p>`
      : html`<div class="scroll"><table><thead><tr><th>Payment</th><th>Order</th><th>Status</th><th class="num">Amount</th><th class="num">Received</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table></div>`
  const csv = html`<a class="btn" href="${base}/payments.csv?${query.toString()}" download>Export CSV</a>`
  return dashboardPage(
    view,
    'Payments',
    html`${p.error ? notice('error', p.error) : ''}${filterForm(base, store, p.filter)}${table}
${pager(`${base}/payments`, query, p.page, p.perPage, p.total)}`,
    csv,
  )
}

function entry(e: TimelineEntry, currency: string): SafeHtml {
  const t = html`<span class="muted">${when(e.at)}</span> `
  switch (e.kind) {
    case 'created':
      return html`<li>${t}Created</li>`
    case 'confirmed':
      return html`<li>${t}Confirmed</li>`
    case 'expires':
      return html`<li>${t}Expiry time</li>`
    case 'refund':
      return refundTimelineEntry(t, e.refund)
    case 'transfer':
      return html`<li>${t}Transfer of ${money(e.transfer.amount, currency)} ${currency} seen: <code>${e.transfer.txHash}</code>, ${e.transfer.confirmations} confirmations${e.transfer.orphaned ? ' (dropped by a reorganisation)' : ''}</li>`
    case 'resolved':
      return html`<li>${t}${resolutionTimelineLine(e.resolution)}</li>`
    case 'webhook': {
      const w = e.webhook
      return html`<li>${t}Webhook <strong>${w.event.event}</strong> ${badge(w.event.status)}
${w.attempts.length ? html`<ul>${w.attempts.map((a) => html`<li class="muted">${when(a.attemptedAt)} → ${a.statusCode ?? a.error ?? 'no response'} in ${a.latencyMs} ms</li>`)}</ul>` : ''}</li>`
    }
  }
}

export function paymentDetailPage(view: DashboardView, store: Store, d: PaymentDetail, flash?: ResolveFlash | null): string {
  const p = d.payment
  const cell = (label: string, value: SafeHtml | string | null) => html`<tr><th scope="row">${label}</th><td>${value ?? ''}</td></tr>`
  return dashboardPage(
    view,
    `Payment ${p.id.slice(0, 8)}`,
    html`${p.testMode ? notice('warn', 'Test payment: simulated network, no real money.') : ''}
<div class="card"><table><tbody>
${cell('Payment id', html`<code>${p.id}</code>`)}${cell('Status', badge(p.status))}${cell('Order id', p.orderId)}
${cell('Amount to pay', `${money(p.due, p.currency)} ${p.currency}`)}
${cell('Received', `${money(p.amountReceived, p.currency)} ${p.currency}`)}
${p.fiatAmount ? cell('Fiat amount', `${p.fiatAmount} ${p.fiatCurrency ?? ''}`) : ''}
${cell('Address', html`<code>${p.payAddress}</code>`)}${cell('Transaction', p.txHash ? html`<code>${p.txHash}</code>` : '')}
${cell('Confirmations', String(p.confirmations))}${cell('Source', p.source === 'donation' ? '❤️ donation' : p.source)}
${d.donor.name !== null ? cell('Donor', d.donor.name) : ''}${d.donor.message !== null ? cell('Message', d.donor.message) : ''}
${cell('Created', when(p.createdAt))}${cell('Expires', when(p.expiresAt))}
</tbody></table></div>
${paymentResolveSection(view, store, p, flash)}
<section class="card"><h2>Timeline</h2><ol class="timeline">${d.timeline.map((e) => entry(e, p.currency))}</ol></section>
${paymentRefundSection(view, store, d.refunds)}
<p><a href="/dashboard/stores/${store.id}/payments">All payments</a> · <a href="/dashboard/stores/${store.id}/webhooks">Webhook log</a></p>`,
  )
}
