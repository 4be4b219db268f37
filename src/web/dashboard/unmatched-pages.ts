import type { Store } from '../../domain/stores/store.js'
import type { UnmatchedDeposit } from '../../services/payments/unmatched-deposits.js'
import { html } from '../html.js'
import { csrfField, dashboardPage, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { money, when } from './merchant-format.js'

export function unmatchedPage(
  view: DashboardView,
  store: Store,
  deposits: UnmatchedDeposit[],
  msg: { ok?: string; error?: string } = {},
): string {
  const base = `/dashboard/stores/${store.id}`
  const rows = deposits.map(
    (d) => html`<tr><td>${when(d.firstSeenAt)}</td><td class="num">${money(d.amount, d.currency)} ${d.currency}</td>
<td><code>${d.toAddress}</code></td><td><code>${d.txHash}</code>${d.confirmed ? '' : html` <span class="badge pending">unconfirmed</span>`}</td>
<td><form method="post" action="${base}/unmatched/assign" class="filters">${csrfField(view)}<input type="hidden" name="deposit_id" value="${d.id}">
<label for="p-${d.id}" class="muted">Payment id</label><input id="p-${d.id}" name="payment_id" required size="38" placeholder="payment id of this store">
<button type="submit">Assign</button></form></td></tr>`,
  )
  return dashboardPage(
    view,
    'Unmatched deposits',
    html`${msg.error ? notice('error', msg.error) : ''}${msg.ok ? notice('ok', msg.ok) : ''}
<p class="muted">Transfers to this store's addresses that matched no open payment (late, wrong amount). Assign one to a payment of the same currency and the payment is evaluated again.</p>
${
  deposits.length === 0
    ? html`<p class="card muted">No unmatched deposits.</p>`
    : html`<div class="scroll"><table><thead><tr><th>Seen</th><th class="num">Amount</th><th>Address</th><th>Transaction</th><th>Assign</th></tr></thead><tbody>${rows}</tbody></table></div>`
}`,
  )
}
