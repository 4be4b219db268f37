import type { OperatorAccountView } from '../../services/dashboard/operator-accounts.js'
import type { OperatorOverview } from '../../services/dashboard/operator-overview.js'
import type { OperatorSettingsValues } from '../../services/dashboard/operator-settings.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { utc } from './merchant-format.js'
import { barChart } from './svg-charts.js'

function stat(label: string, value: number | string, href?: string): SafeHtml {
  return html`<div class="card"><div class="muted">${label}</div><div class="stat">${href ? html`<a href="${href}">${value}</a>` : value}</div></div>`
}

/** The operator's start page: what needs a look, and webhook delivery over the last 14 days. */
export function operatorOverviewPage(view: DashboardView, o: OperatorOverview): string {
  const attempts = o.webhookDays.reduce((n, d) => n + d.delivered + d.failed, 0)
  const chart = barChart({
    title: 'Webhook attempts per day (UTC), last 14 days',
    categories: o.webhookDays.map((d) => d.day),
    categoryLabel: (day) => day.slice(5),
    series: [
      { label: 'delivered', values: o.webhookDays.map((d) => d.delivered) },
      { label: 'failed', values: o.webhookDays.map((d) => d.failed) },
    ],
    layout: 'stacked',
  })
  return dashboardPage(
    view,
    'Operator',
    html`<div class="grid">
${stat('Accounts', o.accounts, '/dashboard/operator/accounts')}${stat('Stores', o.stores, '/dashboard/operator/accounts')}
${stat('Stores disabled', o.storesDisabled)}${stat('Open payments', o.paymentsOpen)}
${stat('Payouts in flight', o.payoutsInFlight)}${stat('Payouts failed', o.payoutsFailed)}${stat('Unmatched deposits', o.unmatchedDeposits)}</div>
<section class="card"><h2>Webhook delivery</h2>
${attempts === 0 ? html`<p class="muted">No webhook attempts in the last 14 days.</p>` : ''}
${chart}
${
  attempts === 0
    ? ''
    : html`<div class="scroll"><table id="webhook-days"><thead><tr><th>Day</th><th class="num">Delivered</th><th class="num">Failed</th><th class="num">Success rate</th></tr></thead><tbody>
${o.webhookDays
  .filter((d) => d.delivered + d.failed > 0)
  .map(
    (d) => html`<tr><td>${d.day}</td><td class="num">${d.delivered}</td><td class="num">${d.failed}</td>
<td class="num">${((100 * d.delivered) / (d.delivered + d.failed)).toFixed(1)} %</td></tr>`,
  )}</tbody></table></div>`
}</section>
<p class="muted">This dashboard is the person-facing operator UI; scripts keep using the operator API with its Bearer token.</p>`,
  )
}

function storeRow(view: DashboardView, s: OperatorAccountView['stores'][number]): SafeHtml {
  const action = s.enabled
    ? postButton(view, `/dashboard/operator/stores/${s.id}/disable`, 'Disable', {
        className: 'danger',
        confirm: `Disable the store ${s.name}? Its API and payment pages stop answering.`,
      })
    : postButton(view, `/dashboard/operator/stores/${s.id}/enable`, 'Enable')
  return html`<li data-store="${s.id}">${s.name} <span class="badge ${s.mode}">${s.mode}</span>
<span class="badge ${s.enabled ? 'ok' : 'failed'}">${s.enabled ? 'enabled' : 'disabled'}</span>
<span class="muted">commission ${(s.commissionBp / 100).toString()} %</span> ${action}</li>`
}

/** Every account with its people and stores; stores can be switched off and on here. */
export function operatorAccountsPage(view: DashboardView, accounts: OperatorAccountView[], flash?: string): string {
  return dashboardPage(
    view,
    'Accounts and stores',
    html`${flash ? notice('ok', flash) : ''}
${accounts.map(
  (a) => html`<section class="card" data-account="${a.id}"><h2>${a.name}</h2>
<p class="muted">Account <code>${a.id}</code>, since ${utc(a.createdAt)} UTC.
Swap API: ${a.swapEnabled === null ? 'no keys' : a.swapEnabled ? 'enabled' : 'disabled'}.
<a href="/dashboard/operator/audit?account=${a.id}">Swap audit</a></p>
<h3>People</h3>${a.people.length === 0 ? html`<p class="muted">No one signs in to this account (made by the CLI).</p>` : html`<ul>${a.people.map((p) => html`<li>${p.email}${p.isOperator ? html` <span class="badge">operator</span>` : ''}${p.totpEnabled ? html` <span class="badge ok">2FA</span>` : ''}</li>`)}</ul>`}
<h3>Stores</h3>${a.stores.length === 0 ? html`<p class="muted">No stores.</p>` : html`<ul class="timeline">${a.stores.map((s) => storeRow(view, s))}</ul>`}
</section>`,
)}`,
  )
}

export interface SettingsPageState {
  values: OperatorSettingsValues
  /** The commission as typed, shown again with an error. */
  commissionText?: string
  error?: string
  ok?: string
}

export function operatorSettingsPage(view: DashboardView, s: SettingsPageState): string {
  const commission = s.commissionText ?? (s.values.defaultCommissionBp / 100).toString()
  return dashboardPage(
    view,
    'Operator settings',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<form method="post" action="/dashboard/operator/settings" class="card">${csrfField(view)}
<label for="default_commission">Default commission for new stores (%)</label>
<input id="default_commission" name="default_commission" inputmode="decimal" required value="${commission}" aria-describedby="commission-hint">
<p class="hint" id="commission-hint">0 to 50, at most two decimals (1 = 1 %). Existing stores keep theirs.</p>
<label class="check"><input type="checkbox" name="signup_open" value="1"${s.values.signupOpen ? html` checked` : ''}> Anyone may sign up for an account</label>
<p class="hint">When closed, new people are added with <code>kassa user create</code>.</p>
<div class="actions"><button class="primary" type="submit">Save settings</button></div>
</form>`,
  )
}
