import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import type { Store } from '../../domain/stores/store.js'
import type { PaymentFilter, PaymentListRow } from '../../services/dashboard/payment-search.js'
import { filterQuery } from '../../services/dashboard/payment-search.js'
import type { PaymentDetail, TimelineEntry } from '../../services/dashboard/payment-timeline.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, pager, when } from './merchant-format.js'

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

export function paymentListPage(view: DashboardView, store: Store, p: { filter: PaymentFilter; rows: PaymentListRow[]; total: number; page: number; perPage: number; error?: string }): string {
  const base = `/dashboard/stores/${store.id}`
  const query = filterQuery(p.filter)
  const rows = p.rows.map((r) => html`<tr><td><a href="${base}/payments/${r.id}"><code>${r.id.slice(0, 8)}</code></a>${r.source === 'donation' ? ' ❤️' : ''}</td>
<td>${r.order_id ?? ''}</td><td>${badge(r.status)}</td><td class="num">${money(r.amount_with_cents ?? r.amount_requested, r.currency)} ${r.currency}</td>
<td class="num">${money(r.amount_received, r.currency)}</td><td>${when(r.created_at)}</td></tr>`)
  const table = p.rows.length === 0
    ? html`<p class="card muted">No payment matches.</p>`
    : html`<div class="scroll"><table><thead><tr><th>Payment</th><th>Order</th><th>Status</th><th class="num">Amount</th><th class="num">Received</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table></div>`
  const csv = html`<a class="btn" href="${base}/payments.csv?${query.toString()}" download>Export CSV</a>`
  return dashboardPage(view, 'Payments', html`${p.error ? notice('error', p.error) : ''}${filterForm(base, store, p.filter)}${table}
${pager(`${base}/payments`, query, p.page, p.perPage, p.total)}`, csv)
}

function entry(e: TimelineEntry, currency: string): SafeHtml {
  const t = html`<span class="muted">${when(e.at)}</span> `
  switch (e.kind) {
    case 'created': return html`<li>${t}Created</li>`
    case 'confirmed': return html`<li>${t}Confirmed</li>`
    case 'expires': return html`<li>${t}Expiry time</li>`
    case 'transfer': return html`<li>${t}Transfer of ${money(e.transfer.amount, currency)} ${currency} seen: <code>${e.transfer.txHash}</code>, ${e.transfer.confirmations} confirmations${e.transfer.orphaned ? ' (dropped by a reorganisation)' : ''}</li>`
    case 'webhook': {
      const w = e.webhook
      return html`<li>${t}Webhook <strong>${w.event.event}</strong> ${badge(w.event.status)}
${w.attempts.length ? html`<ul>${w.attempts.map((a) => html`<li class="muted">${when(a.attempted_at)} → ${a.status_code ?? a.error ?? 'no response'} in ${a.latency_ms} ms</li>`)}</ul>` : ''}</li>`
    }
  }
}

export function paymentDetailPage(view: DashboardView, store: Store, d: PaymentDetail): string {
  const p = d.payment
  const cell = (label: string, value: SafeHtml | string | null) => html`<tr><th scope="row">${label}</th><td>${value ?? ''}</td></tr>`
  return dashboardPage(view, `Payment ${p.id.slice(0, 8)}`, html`${p.test_mode ? notice('warn', 'Test payment: simulated network, no real money.') : ''}
<div class="card"><table><tbody>
${cell('Payment id', html`<code>${p.id}</code>`)}${cell('Status', badge(p.status))}${cell('Order id', p.order_id)}
${cell('Amount to pay', `${money(p.amount_with_cents ?? p.amount_requested, p.currency)} ${p.currency}`)}
${cell('Received', `${money(p.amount_received, p.currency)} ${p.currency}`)}
${p.fiat_amount ? cell('Fiat amount', `${p.fiat_amount} ${p.fiat_currency ?? ''}`) : ''}
${cell('Address', html`<code>${p.pay_address}</code>`)}${cell('Transaction', p.tx_hash ? html`<code>${p.tx_hash}</code>` : '')}
${cell('Confirmations', String(p.confirmations))}${cell('Source', p.source === 'donation' ? '❤️ donation' : p.source)}
${d.donor.name !== null ? cell('Donor', d.donor.name) : ''}${d.donor.message !== null ? cell('Message', d.donor.message) : ''}
${cell('Created', when(p.created_at))}${cell('Expires', when(p.expires_at))}
</tbody></table></div>
<section class="card"><h2>Timeline</h2><ol class="timeline">${d.timeline.map((e) => entry(e, p.currency))}</ol></section>
<p><a href="/dashboard/stores/${store.id}/payments">All payments</a> · <a href="/dashboard/stores/${store.id}/webhooks">Webhook log</a></p>`)
}
