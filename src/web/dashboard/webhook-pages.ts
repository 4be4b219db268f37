import type { Store } from '../../domain/stores/store.js'
import type { WebhookAttempt, WebhookEvent } from '../../domain/webhooks/webhook-event.js'
import { html } from '../html.js'
import { dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, shortId, when } from './merchant-format.js'

export interface WebhookLogEntry {
  event: WebhookEvent
  /** The latest attempt, if any: its response code and latency. */
  last?: WebhookAttempt | undefined
}

export function webhooksPage(
  view: DashboardView,
  store: Store,
  entries: WebhookLogEntry[],
  msg: { ok?: string; error?: string } = {},
): string {
  const base = `/dashboard/stores/${store.id}`
  const rows = entries.map(
    ({ event: e, last }) => html`<tr><td class="num">${e.id}</td><td>${when(e.createdAt)}</td><td>${e.event}</td>
<td><a href="${base}/payments/${e.paymentId}">${shortId(e.paymentId)}</a></td><td>${badge(e.status)}</td><td class="num">${e.attempts}</td>
<td class="num">${last ? (last.statusCode ?? last.error ?? 'no response') : ''}</td><td class="num">${last ? `${last.latencyMs} ms` : ''}</td>
<td>${postButton(view, `${base}/webhooks/${e.id}/resend`, 'Resend')}</td></tr>`,
  )
  return dashboardPage(
    view,
    'Webhooks',
    html`${msg.error ? notice('error', msg.error) : ''}${msg.ok ? notice('ok', msg.ok) : ''}
<div class="card"><p>Webhook URL: ${store.webhookUrl ? html`<code>${store.webhookUrl}</code>` : html`<span class="muted">none (events are logged but not sent)</span>`} · <a href="${base}/settings">change</a></p>
${postButton(view, `${base}/webhooks/test`, 'Send a test event', { className: 'primary' })}</div>
${
  entries.length === 0
    ? html`<p class="card muted">No webhook events yet.</p>`
    : html`<div class="scroll"><table><thead><tr><th class="num">Event</th><th>Created</th><th>Type</th><th>Payment</th><th>Status</th><th class="num">Attempts</th><th class="num">Response</th><th class="num">Latency</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
}`,
  )
}
