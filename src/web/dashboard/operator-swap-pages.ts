import type { ScreenedAddress, SwapAuditFilter, SwapAuditRecord } from '../../domain/swap/swap-compliance.js'
import type { FailedOutput } from '../../services/swap/requeue-output.js'
import { html } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { money, utc } from './merchant-format.js'

export interface ScreeningPageState {
  entries: ScreenedAddress[]
  form?: { address: string; reason: string }
  error?: string
  ok?: string
}

/** The screening list: every Swap API output and destination is checked against it. */
export function operatorScreeningPage(view: DashboardView, s: ScreeningPageState): string {
  return dashboardPage(
    view,
    'Screening list',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<p class="muted">Swap orders paying out to a listed address are refused (403). Addresses match exactly: several networks' addresses are case-sensitive.</p>
<form method="post" action="/dashboard/operator/screening" class="card">${csrfField(view)}
<label for="address">Address</label><input id="address" name="address" spellcheck="false" autocomplete="off" required value="${s.form?.address ?? ''}">
<label for="reason">Reason</label><input id="reason" name="reason" maxlength="500" value="${s.form?.reason ?? ''}" placeholder="e.g. sanctions list entry, court order">
<div class="actions"><button class="primary" type="submit">Add to the list</button></div></form>
${
  s.entries.length === 0
    ? html`<p class="muted">The list is empty.</p>`
    : html`<div class="scroll"><table id="screening"><thead><tr><th>Address</th><th>Reason</th><th>Added (UTC)</th><th></th></tr></thead><tbody>
${s.entries.map(
  (e) => html`<tr><td class="mono">${e.address}</td><td>${e.reason}</td><td>${utc(e.createdAt)}</td>
<td>${postButton(view, '/dashboard/operator/screening/remove', 'Remove', { className: 'danger', confirm: `Remove ${e.address} from the screening list?`, fields: { address: e.address } })}</td></tr>`,
)}</tbody></table></div>`
}`,
  )
}

/** The swap audit record, newest first, filtered by trackcode or account. */
export function operatorAuditPage(view: DashboardView, rows: SwapAuditRecord[], f: SwapAuditFilter, limit: number): string {
  return dashboardPage(
    view,
    'Swap audit',
    html`<form method="get" action="/dashboard/operator/audit" class="filters card">
<div><label for="trackcode">Trackcode</label><input id="trackcode" name="trackcode" value="${f.trackcode ?? ''}" maxlength="16" spellcheck="false"></div>
<div><label for="account">Account id</label><input id="account" name="account" value="${f.accountId ?? ''}" maxlength="36" spellcheck="false"></div>
<div><button type="submit">Filter</button> <a href="/dashboard/operator/audit">Clear</a></div></form>
${rows.length === limit ? notice('warn', `Showing the newest ${limit} records; filter to see older ones.`) : ''}
${
  rows.length === 0
    ? html`<p class="muted">No audit records${f.trackcode || f.accountId ? ' match' : ' yet'}.</p>`
    : html`<div class="scroll"><table id="audit"><thead><tr><th>When (UTC)</th><th>Trackcode</th><th>Account</th><th>Event</th><th>Detail</th></tr></thead><tbody>
${rows.map(
  (
    r,
  ) => html`<tr><td>${utc(r.createdAt)}</td><td class="mono"><a href="/dashboard/operator/audit?trackcode=${r.trackcode}">${r.trackcode}</a></td>
<td class="mono"><a href="/dashboard/operator/audit?account=${r.accountId}">${r.accountId}</a></td><td><span class="badge">${r.event}</span></td><td class="mono">${r.detail}</td></tr>`,
)}</tbody></table></div>`
}`,
  )
}

export interface FailedOutputsPageState {
  outputs: FailedOutput[]
  error?: string
  ok?: string
}

/** Swap outputs whose payout failed for good: what check reports as PAYOUT_FAILED, each with a re-queue button. */
export function operatorFailedOutputsPage(view: DashboardView, s: FailedOutputsPageState): string {
  return dashboardPage(
    view,
    'Failed swap outputs',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<p class="muted">A re-queued output gets a new payout to the same address, amount and tag; the failed payout stays as history. Fix the cause first (fund the hot wallet, check the node).</p>
${
  s.outputs.length === 0
    ? html`<p class="muted">No failed outputs.</p>`
    : html`<div class="scroll"><table id="failed-outputs"><thead><tr><th>Trackcode</th><th class="num">Output</th><th>Network</th><th>To</th><th class="num">Amount</th><th>Why it failed</th><th>Failed (UTC)</th><th></th></tr></thead><tbody>
${s.outputs.map(
  (
    o,
  ) => html`<tr><td class="mono"><a href="/dashboard/operator/audit?trackcode=${o.trackcode}">${o.trackcode}</a></td><td class="num">${o.output}</td>
<td>${o.payout.network}</td><td class="mono">${o.payout.toAddress}${o.payout.memo ? html` <span class="badge">tag ${o.payout.memo}</span>` : ''}</td>
<td class="num">${money(o.payout.amount, o.payout.currency)} ${o.payout.currency}</td><td>${o.payout.failureReason ?? ''}</td><td>${utc(o.payout.updatedAt)}</td>
<td>${postButton(view, '/dashboard/operator/swap-outputs/requeue', 'Re-queue', { confirm: `Send output ${o.output} of ${o.trackcode} again?`, fields: { trackcode: o.trackcode, output: String(o.output) } })}</td></tr>`,
)}</tbody></table></div>`
}`,
  )
}
