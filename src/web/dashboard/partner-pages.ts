import type { PartnerEarning, PartnerOrderRow } from '../../services/dashboard/partner-earnings.js'
import type { PartnerKeyState, ShownKeys } from '../../services/dashboard/partner-keys.js'
import { html } from '../html.js'
import { dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { utc } from './merchant-format.js'

export interface PartnerPageState {
  keys: PartnerKeyState | undefined
  /** Keys just created or rotated: shown on this one page, never again. */
  shown?: ShownKeys
  orders: PartnerOrderRow[]
  totals: { currency: string; amount: string }[]
  credits: PartnerEarning[]
  error?: string
}

function shownKey(id: string, label: string, key: string | undefined) {
  return key ? html`<div class="secret"><strong>${label}</strong> (shown once: copy it now)<br><code id="${id}">${key}</code></div>` : ''
}

function keysCard(view: DashboardView, s: PartnerPageState) {
  const k = s.keys
  if (!k) {
    return html`<p>This account has no Swap API keys yet. The Swap API key authenticates your server's requests
(<code>Authorization: Bearer …</code>); the partner key, given as <code>partner</code> in other accounts' orders, earns you 30 % of their service fee.</p>
${postButton(view, '/dashboard/partner/keys', 'Create Swap API keys', { className: 'primary' })}`
  }
  return html`<p><span class="badge ${k.enabled ? 'ok' : 'failed'}">${k.enabled ? 'enabled' : 'disabled'}</span>
<span class="badge ${k.mode}">${k.mode} mode</span> plan <code>${k.plan}</code>; keys last changed ${utc(k.updatedAt)} UTC.</p>
${shownKey('swap-api-key', 'New Swap API key', s.shown?.swapApiKey)}${shownKey('partner-key', 'New partner key', s.shown?.partnerKey)}
<p class="muted">Kassa keeps only a hash of each key: a lost key cannot be shown again, only replaced. Rotating a key stops the old one at once.</p>
<div class="actions">${postButton(view, '/dashboard/partner/rotate-api-key', 'Rotate Swap API key', { confirm: 'The current Swap API key stops working at once. Rotate it?' })}
${postButton(view, '/dashboard/partner/rotate-partner-key', 'Rotate partner key', { confirm: 'Orders naming the current partner key will be refused. Rotate it?' })}</div>`
}

/** The account's Swap API access, its orders and its partner earnings. */
export function partnerPage(view: DashboardView, s: PartnerPageState): string {
  const orders =
    s.orders.length === 0
      ? html`<p class="muted">No orders in the last 48 hours.</p>`
      : html`<div class="scroll"><table id="orders"><thead><tr>
<th>Trackcode</th><th>Type</th><th>Coin</th><th class="num">Amount</th><th>State</th><th>Created (UTC)</th></tr></thead><tbody>
${s.orders.map(
  (
    o,
  ) => html`<tr><td class="mono">${o.trackcode}</td><td>${o.type === 'mixer' ? 'split payout' : 'exchange'}</td><td>${o.coin} (${o.network})</td>
<td class="num">${o.amount}</td><td><span class="badge">${o.state}</span></td><td>${utc(o.createdAt)}</td></tr>`,
)}</tbody></table></div>`
  const totals =
    s.totals.length === 0
      ? html`<p class="muted">No partner earnings yet.</p>`
      : html`<div class="grid">${s.totals.map((t) => html`<div class="card"><div class="muted">${t.currency}</div><div class="stat" data-earning="${t.currency}">${t.amount}</div></div>`)}</div>`
  const credits =
    s.credits.length === 0
      ? ''
      : html`<div class="scroll"><table id="credits"><thead><tr><th>Order</th><th class="num">Credit</th><th>Credited (UTC)</th></tr></thead><tbody>
${s.credits.map((c) => html`<tr><td class="mono">${c.trackcode}</td><td class="num">${c.amount} ${c.currency}</td><td>${utc(c.creditedAt)}</td></tr>`)}</tbody></table></div>`
  return dashboardPage(
    view,
    'Partner (Swap API)',
    html`${s.error ? notice('error', s.error) : ''}
<section class="card"><h2>Keys</h2>${keysCard(view, s)}</section>
<h2>Orders</h2>${orders}
<h2>Partner earnings</h2><p class="muted">Credited in the order's deposit currency when an order naming your partner key activates.</p>${totals}${credits}`,
  )
}
