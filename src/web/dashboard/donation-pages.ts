import type { Store } from '../../domain/stores/store.js'
import type { Donation } from '../../services/payments/donation-queries.js'
import { html } from '../html.js'
import { dashboardPage } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, when } from './merchant-format.js'

/** Donors' names and messages are strangers' text: shown through the escaping template only. */
export function donationsPage(
  view: DashboardView,
  store: Store,
  rows: Donation[],
  totals: Map<string, { count: number; received: bigint }>,
): string {
  const base = `/dashboard/stores/${store.id}`
  const totalCards = [...totals].map(
    ([c, t]) =>
      html`<div class="card"><div class="muted">${c}, ${t.count} donation${t.count === 1 ? '' : 's'}</div><div class="stat num">${money(t.received, c)}</div></div>`,
  )
  const list = rows.map(
    (d) => html`<tr><td>${when(d.payment.createdAt)}</td><td>${d.donorName ?? html`<span class="muted">anonymous</span>`}</td>
<td>${d.donorMessage ?? ''}</td><td class="num">${money(d.payment.amountReceived, d.payment.currency)} ${d.payment.currency}</td>
<td>${badge(d.payment.status)}</td><td><a href="${base}/payments/${d.payment.id}">details</a></td></tr>`,
  )
  return dashboardPage(
    view,
    '❤️ Donations',
    html`<h2>Received</h2>${totalCards.length ? html`<div class="grid">${totalCards}</div>` : html`<p class="muted">No donation completed yet.</p>`}
<h2>Latest donations</h2>${
      rows.length === 0
        ? html`<p class="card muted">No donations yet. Switch them on in <a href="${base}/settings">Settings</a>.</p>`
        : html`<div class="scroll"><table><thead><tr><th>Date</th><th>Donor</th><th>Message</th><th class="num">Received</th><th>Status</th><th></th></tr></thead><tbody>${list}</tbody></table></div>`
    }`,
  )
}
