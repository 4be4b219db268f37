import type { PaymentLink } from '../../domain/payment-links/payment-link.js'
import { DESCRIPTION_MAX, TITLE_MAX } from '../../domain/payment-links/payment-link.js'
import type { Payment } from '../../domain/payments/payment.js'
import type { Store } from '../../domain/stores/store.js'
import { FIAT_CODES } from '../../money/index.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, when } from './merchant-format.js'
import { copyScript, shareLink } from './share-link.js'

/** What the create form showed, to show it again after a refusal. */
export interface PaymentLinkForm {
  title?: string
  description?: string
  pricing?: string
  unit?: string
  amount?: string
  min_amount?: string
  max_amount?: string
  currencies?: string[]
}

const sel = (on: boolean) => (on ? html` selected` : '')
const checked = (on: boolean) => (on ? html` checked` : '')

/** "12.50 USD", "any amount", "10–100 USD": the price as a merchant reads it in a list. */
export function priceText(l: PaymentLink): string {
  if (l.pricing === 'fixed') return `${l.amount} ${l.unit}`
  if (l.minAmount !== null && l.maxAmount !== null) return `buyer chooses, ${l.minAmount}–${l.maxAmount} ${l.unit}`
  if (l.minAmount !== null) return `buyer chooses, at least ${l.minAmount} ${l.unit}`
  if (l.maxAmount !== null) return `buyer chooses, at most ${l.maxAmount} ${l.unit}`
  return `buyer chooses, in ${l.unit}`
}

function currenciesText(l: PaymentLink): string {
  return l.currencies === null ? 'all of the store\u2019s' : l.currencies.join(', ')
}

function createForm(view: DashboardView, store: Store, v: PaymentLinkForm): SafeHtml {
  const base = `/dashboard/stores/${store.id}`
  const codes = store.currencies.map((c) => c.code)
  const open = v.pricing === 'open'
  const unit = v.unit ?? 'USD'
  return html`<form method="post" action="${base}/links" class="card" id="new-link">${csrfField(view)}
<h2>New payment link</h2>
<label for="title">Title</label><input id="title" name="title" required maxlength="${String(TITLE_MAX)}" value="${v.title ?? ''}" placeholder="Consultation, 1 hour">
<label for="description">Description (optional)</label><textarea id="description" name="description" rows="2" maxlength="${String(DESCRIPTION_MAX)}">${v.description ?? ''}</textarea>
<fieldset><legend>Price</legend>
<label class="check"><input type="radio" name="pricing" value="fixed"${checked(!open)}> Fixed amount</label>
<label class="check"><input type="radio" name="pricing" value="open"${checked(open)}> The buyer enters the amount</label>
<div class="filters">
<div><label for="unit">In</label><select id="unit" name="unit">${[...FIAT_CODES, ...codes].map((c) => html`<option${sel(unit === c)}>${c}</option>`)}</select></div>
<div><label for="amount">Amount (fixed)</label><input id="amount" name="amount" inputmode="decimal" autocomplete="off" maxlength="40" value="${v.amount ?? ''}"></div>
<div><label for="min_amount">Minimum (optional)</label><input id="min_amount" name="min_amount" inputmode="decimal" autocomplete="off" maxlength="40" value="${v.min_amount ?? ''}"></div>
<div><label for="max_amount">Maximum (optional)</label><input id="max_amount" name="max_amount" inputmode="decimal" autocomplete="off" maxlength="40" value="${v.max_amount ?? ''}"></div>
</div>
<p class="hint">A fiat amount is converted at the rate of the moment each buyer pays. A crypto amount is paid in that currency only.</p>
</fieldset>
<fieldset><legend>Currencies the buyer may pay in</legend>
${codes.map((c) => html`<label class="check"><input type="checkbox" name="currencies" value="${c}"${checked(v.currencies?.includes(c) ?? false)}> ${c}</label>`)}
<p class="hint">None ticked: all of the store's currencies, chosen on the selection page.</p>
</fieldset>
<div class="actions"><button class="primary" type="submit">Create link</button></div>
</form>`
}

/** The store's payment links, and the form that makes one. */
export function paymentLinksPage(
  view: DashboardView,
  store: Store,
  p: { links: PaymentLink[]; publicUrl: string; form?: PaymentLinkForm; error?: string; ok?: string },
): string {
  const base = `/dashboard/stores/${store.id}`
  const rows = p.links.map(
    (l) => html`<tr><td><a href="${base}/links/${l.id}">${l.title}</a></td><td>${priceText(l)}</td><td>${currenciesText(l)}</td>
<td>${badge(l.active ? 'active' : 'inactive')}</td><td><code>${p.publicUrl}/link/${l.id}</code></td><td>${when(l.createdAt)}</td></tr>`,
  )
  const table =
    p.links.length === 0
      ? html`<p class="card muted">No payment link yet. A link is a page you share once (a message, a QR code, your site); each buyer who opens it gets a fresh payment.</p>`
      : html`<div class="scroll"><table id="links"><thead><tr><th>Title</th><th>Price</th><th>Currencies</th><th>Status</th><th>Link</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table></div>`
  return dashboardPage(
    view,
    'Payment links',
    html`${p.ok ? notice('ok', p.ok) : ''}${p.error ? notice('error', p.error) : ''}${table}${createForm(view, store, p.form ?? {})}`,
  )
}

/** One link: its public address to share, its settings, on/off, and the payments it made. */
export function paymentLinkPage(
  view: DashboardView,
  store: Store,
  p: { link: PaymentLink; publicUrl: string; payments: Payment[]; ok?: string },
): string {
  const base = `/dashboard/stores/${store.id}`
  const l = p.link
  const rows = p.payments.map(
    (r) => html`<tr><td><a href="${base}/payments/${r.id}"><code>${r.id}</code></a></td><td>${badge(r.status)}</td>
<td class="num">${money(r.due, r.currency)} ${r.currency}</td><td class="num">${money(r.amountReceived, r.currency)}</td><td>${when(r.createdAt)}</td></tr>`,
  )
  const toggle = l.active
    ? postButton(view, `${base}/links/${l.id}/deactivate`, 'Deactivate', {
        className: 'danger',
        confirm: 'Deactivate this link? Buyers who open it will be told it is no longer active.',
      })
    : postButton(view, `${base}/links/${l.id}/activate`, 'Activate again')
  const body = html`${p.ok ? notice('ok', p.ok) : ''}
<div class="card">${shareLink('link-url', 'Public link', `${p.publicUrl}/link/${l.id}`)}
<p>${badge(l.active ? 'active' : 'inactive')} ${priceText(l)} · currencies: ${currenciesText(l)} · created ${when(l.createdAt)}</p>
${l.description ? html`<p>${l.description}</p>` : ''}
<div class="actions">${toggle}<a class="btn" href="${base}/links">All links</a></div></div>
<h2>Payments from this link</h2>
${
  p.payments.length === 0
    ? html`<p class="card muted">No buyer has paid through this link yet.</p>`
    : html`<div class="scroll"><table id="link-payments"><thead><tr><th>Payment</th><th>Status</th><th class="num">Amount</th><th class="num">Received</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table></div>`
}${copyScript(view)}`
  return dashboardPage(view, l.title, body)
}
