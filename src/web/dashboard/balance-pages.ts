import type { CurrencyBalance } from '../../services/payments/payment-queries.js'
import type { CurrencyCode } from '../../money/index.js'
import { money } from './merchant-format.js'
import { html } from '../html.js'
import { dashboardPage } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'

/** The store's balances: the same figures, from the same service, as the Merchant API's /merchant/balance. */
export function balancesPage(view: DashboardView, balances: Map<CurrencyCode, CurrencyBalance>): string {
  const storeId = view.store?.id ?? ''
  const rows = [...balances].map(
    ([c, b]) => html`<tr data-currency="${c}"><th scope="row">${c}</th>
<td class="num">${money(b.available, c)}</td><td class="num">${money(b.pending, c)}</td>
<td class="num">${money(b.totalReceived, c)}</td><td class="num">${money(b.totalWithdrawn, c)}</td><td class="num">${money(b.totalCommission, c)}</td></tr>`,
  )
  return dashboardPage(
    view,
    'Balances',
    html`<p class="muted">Available is what you can withdraw now; pending waits for confirmations.
These figures are the ones <code>GET /api/v1/merchant/balance</code> reports.</p>
<div class="scroll"><table><thead><tr><th>Currency</th><th class="num">Available</th><th class="num">Pending</th>
<th class="num">Total received</th><th class="num">Total withdrawn</th><th class="num">Commission</th></tr></thead>
<tbody>${rows}</tbody></table></div>`,
    html`<a class="btn primary" href="/dashboard/stores/${storeId}/withdrawals">Withdraw</a>`,
  )
}
