import type { Payment } from '../../domain/payments/payment.js'
import { paymentFiatValue } from '../../domain/payments/payment-rate.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import type { Store } from '../../domain/stores/store.js'
import type { PaymentFilter } from '../../services/dashboard/payment-search.js'
import { filterQuery } from '../../services/dashboard/payment-search.js'
import type { PaymentDetail, TimelineEntry } from '../../services/dashboard/payment-timeline.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, pager, shortId, shortIdText, when } from './merchant-format.js'
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
    (r) => html`<tr><td><a href="${base}/payments/${r.id}">${shortId(r.id)}</a>${r.source === 'donation' ? ' ❤️' : ''}</td>
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

/** What the detail page shows besides the payment's own record. */
export interface PaymentDetailLinks {
  /** The buyer's checkout page, to copy into a chat or an email. */
  buyerUrl: string
  /** A block explorer's page for the payment's transaction, where the network has a known one. */
  txUrl: string | null
}

const cell = (label: string, value: SafeHtml | string | null) => html`<tr><th scope="row">${label}</th><td>${value ?? ''}</td></tr>`

/** Who, what, where: the payment's identity, its buyer page and where the money went. */
function summaryCard(p: Payment, d: PaymentDetail, links: PaymentDetailLinks): SafeHtml {
  return html`<div class="card"><table id="payment-summary"><tbody>
${cell('Payment id', html`<code>${p.id}</code>`)}${cell('Status', badge(p.status))}${cell('Order id', p.orderId === null ? html`<span class="muted">none</span>` : html`<code>${p.orderId}</code>`)}
${cell("Buyer's page", html`<input id="buyer-url" class="mono" readonly value="${links.buyerUrl}" aria-label="Buyer's page link (select to copy)"> <a href="${links.buyerUrl}" target="_blank" rel="noopener">Open</a>`)}
${cell('Address', html`<code>${p.payAddress}</code>`)}
${cell('Transaction', p.txHash === null ? '' : links.txUrl === null ? html`<code>${p.txHash}</code>` : html`<a href="${links.txUrl}" target="_blank" rel="noopener noreferrer"><code>${p.txHash}</code></a>`)}
${cell('Confirmations', String(p.confirmations))}${cell('Source', p.source === 'donation' ? '❤️ donation' : p.source)}
${d.donor.name !== null ? cell('Donor', d.donor.name) : ''}${d.donor.message !== null ? cell('Message', d.donor.message) : ''}
${cell('Created', when(p.createdAt))}${cell('Expires', when(p.expiresAt))}
</tbody></table></div>`
}

/**
 * The money: what was asked and received, its fiat value and rate at creation, and what the
 * ledger holds for it (commission and the merchant's net are those of the ledger position, so
 * they agree with the balances page; before completion nothing is credited and no commission taken).
 */
function moneyCard(p: Payment, store: Store): SafeHtml {
  const c = p.currency
  const fiat = paymentFiatValue(p)
  const net = p.ledger.credited - p.ledger.fee
  const rate =
    fiat === null || fiat.price === null
      ? ''
      : `1 ${c} = ${fiat.price} ${fiat.fiat}${fiat.priceDerived ? ' (worked out from the amounts; the rate was not recorded)' : ''}`
  return html`<section class="card" aria-labelledby="money-h"><h2 id="money-h">Amounts</h2><table id="payment-money"><tbody>
${cell('Amount to pay', `${money(p.due, c)} ${c}`)}${p.amountWithCents !== null && p.amountWithCents !== p.amountRequested ? cell('Amount requested', `${money(p.amountRequested, c)} ${c}`) : ''}
${cell('Received', `${money(p.amountReceived, c)} ${c}`)}
${cell('Fiat value', fiat === null ? html`<span class="muted">not known (no rate was recorded)</span>` : `${fiat.basis === 'rate' ? '≈ ' : ''}${fiat.amount} ${fiat.fiat}${fiat.basis === 'rate' ? ' at creation' : ''}`)}
${cell('Rate at creation', rate || html`<span class="muted">not recorded</span>`)}
${cell('Credited', `${money(p.ledger.credited, c)} ${c}`)}${p.ledger.pending > 0n ? cell('Pending (unconfirmed)', `${money(p.ledger.pending, c)} ${c}`) : ''}
${cell(`Commission (${formatBasisPoints(store.commissionBp)} %)`, `${money(p.ledger.fee, c)} ${c}`)}
${cell('Net to the store', html`<strong>${money(net, c)} ${c}</strong>`)}
</tbody></table></section>`
}

/** The merchant's metadata object, indented; escaped like every other value. */
function metadataCard(p: Payment): SafeHtml {
  if (p.metadata === null) return html``
  let text = p.metadata
  try {
    text = JSON.stringify(JSON.parse(p.metadata), null, 2)
  } catch {
    // Stored as the API received it; a row written by hand may not parse: show it as it is.
  }
  return html`<section class="card" aria-labelledby="meta-h"><h2 id="meta-h">Metadata</h2><div class="scroll"><pre class="mono" id="payment-metadata">${text}</pre></div></section>`
}

/** "1", "0.5", "2.25": basis points as a percentage, no float. */
function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100)
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}

/**
 * One payment: the summary, the amounts, the metadata, then the operation sections (refunds,
 * marking paid: one call each, after the metadata and before the timeline), then the timeline.
 */
export function paymentDetailPage(
  view: DashboardView,
  store: Store,
  d: PaymentDetail,
  links: PaymentDetailLinks,
  flash?: ResolveFlash | null,
): string {
  const p = d.payment
  return dashboardPage(
    view,
    `Payment ${shortIdText(p.id)}`,
    html`${p.testMode ? notice('warn', 'Test payment: simulated network, no real money.') : ''}
${summaryCard(p, d, links)}
${moneyCard(p, store)}
${metadataCard(p)}
${paymentResolveSection(view, store, p, flash)}
${paymentRefundSection(view, store, d.refunds)}
<section class="card"><h2>Timeline</h2><ol class="timeline">${d.timeline.map((e) => entry(e, p.currency))}</ol></section>
<p><a href="/dashboard/stores/${store.id}/payments">All payments</a> · <a href="/dashboard/stores/${store.id}/webhooks">Webhook log</a></p>`,
  )
}
