import type { SwapAuditTable, SwapScreeningTable } from '../../db/schema.js'
import type { AuditFilter } from '../../services/dashboard/operator-audit.js'
import { html } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { utc } from './partner-pages.js'

export interface ScreeningPageState {
  entries: SwapScreeningTable[]
  form?: { address: string; reason: string }
  error?: string
  ok?: string
}

/** The screening list: every Swap API output and destination is checked against it. */
export function operatorScreeningPage(view: DashboardView, s: ScreeningPageState): string {
  return dashboardPage(view, 'Screening list', html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<p class="muted">Swap orders paying out to a listed address are refused (403). Addresses match exactly: several networks' addresses are case-sensitive.</p>
<form method="post" action="/dashboard/operator/screening" class="card">${csrfField(view)}
<label for="address">Address</label><input id="address" name="address" spellcheck="false" autocomplete="off" required value="${s.form?.address ?? ''}">
<label for="reason">Reason</label><input id="reason" name="reason" maxlength="500" value="${s.form?.reason ?? ''}" placeholder="e.g. sanctions list entry, court order">
<div class="actions"><button class="primary" type="submit">Add to the list</button></div></form>
${s.entries.length === 0 ? html`<p class="muted">The list is empty.</p>` : html`<div class="scroll"><table id="screening"><thead><tr><th>Address</th><th>Reason</th><th>Added (UTC)</th><th></th></tr></thead><tbody>
${s.entries.map((e) => html`<tr><td class="mono">${e.address}</td><td>${e.reason}</td><td>${utc(Number(e.created_at))}</td>
<td>${postButton(view, '/dashboard/operator/screening/remove', 'Remove', { className: 'danger', confirm: `Remove ${e.address} from the screening list?`, fields: { address: e.address } })}</td></tr>`)}</tbody></table></div>`}`)
}

/** The swap audit record, newest first, filtered by trackcode or account. */
export function operatorAuditPage(view: DashboardView, rows: SwapAuditTable[], f: AuditFilter, limit: number): string {
  return dashboardPage(view, 'Swap audit', html`<form method="get" action="/dashboard/operator/audit" class="filters card">
<div><label for="trackcode">Trackcode</label><input id="trackcode" name="trackcode" value="${f.trackcode ?? ''}" maxlength="16" spellcheck="false"></div>
<div><label for="account">Account id</label><input id="account" name="account" value="${f.accountId ?? ''}" maxlength="36" spellcheck="false"></div>
<div><button type="submit">Filter</button> <a href="/dashboard/operator/audit">Clear</a></div></form>
${rows.length === limit ? notice('warn', `Showing the newest ${limit} records; filter to see older ones.`) : ''}
${rows.length === 0 ? html`<p class="muted">No audit records${f.trackcode || f.accountId ? ' match' : ' yet'}.</p>` : html`<div class="scroll"><table id="audit"><thead><tr><th>When (UTC)</th><th>Trackcode</th><th>Account</th><th>Event</th><th>Detail</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${utc(Number(r.created_at))}</td><td class="mono"><a href="/dashboard/operator/audit?trackcode=${r.trackcode}">${r.trackcode}</a></td>
<td class="mono"><a href="/dashboard/operator/audit?account=${r.account_id}">${r.account_id}</a></td><td><span class="badge">${r.event}</span></td><td class="mono">${r.detail}</td></tr>`)}</tbody></table></div>`}`)
}
