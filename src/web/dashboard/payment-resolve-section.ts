import type { Payment } from '../../domain/payments/payment.js'
import { REASON_MAX_LENGTH, resolutionRefusal } from '../../domain/payments/payment-resolution.js'
import type { PaymentResolution, ResolutionKind } from '../../domain/payments/payment-resolution.js'
import type { Store } from '../../domain/stores/store.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { csrfField, notice } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { badge, money, when } from './merchant-format.js'

/** What a resolve form left for the detail page after its 303 (dashboard-flash.ts). */
export interface ResolveFlash {
  ok?: string | undefined
  error?: string | undefined
}

const LABEL: Record<ResolutionKind, string> = { paid: 'Mark as paid', invalid: 'Mark invalid' }

/** What each action does, said where the merchant decides. */
const EFFECT: Record<ResolutionKind, string> = {
  paid: 'The payment becomes completed and the shop gets the payment.completed webhook. Nothing is credited that did not arrive: the balance keeps only the confirmed money received.',
  invalid:
    'The payment becomes expired and the shop gets the payment.expired webhook; it stops waiting for money. Any confirmed money it received stays in the store balance, to refund or withdraw.',
}

/**
 * The payment detail page's resolution section: the flash of the last resolve form, then
 * either the resolution made (who, when, why, and where the ledger stands) or the mark as
 * paid / mark invalid forms the payment's status allows, each with a reason and a confirmation.
 */
export function paymentResolveSection(view: DashboardView, store: Pick<Store, 'id'>, p: Payment, flash?: ResolveFlash | null): SafeHtml {
  const messages = html`${flash?.ok ? notice('ok', flash.ok) : ''}${flash?.error ? notice('error', flash.error) : ''}`
  if (p.resolution) return html`${messages}${resolutionCard(p, p.resolution)}`
  const kinds = (['paid', 'invalid'] as const).filter((k) => resolutionRefusal(k, p.status, null) === null)
  if (kinds.length === 0) return messages
  const base = `/dashboard/stores/${store.id}/payments/${p.id}`
  return html`${messages}<section class="card" id="resolve"><h2>Resolve by hand</h2>
<p class="muted">For a payment settled outside Kassa, or one that must not be fulfilled. It cannot be undone, and later transfers do not change the status it gets.</p>
${kinds.map((k) => resolveForm(view, base, k))}</section>`
}

function resolveForm(view: DashboardView, base: string, kind: ResolutionKind): SafeHtml {
  const id = `resolve-${kind}`
  return html`<form method="post" action="${base}/${kind === 'paid' ? 'mark-paid' : 'mark-invalid'}" id="${id}">${csrfField(view)}
<h3>${LABEL[kind]}</h3><p class="hint">${EFFECT[kind]}</p>
<label for="${id}-reason">Reason</label><textarea id="${id}-reason" name="reason" required maxlength="${String(REASON_MAX_LENGTH)}" rows="2"></textarea>
<label><input type="checkbox" name="confirm" value="yes" required> I confirm: ${kind === 'paid' ? 'mark this payment as paid' : 'mark this payment invalid'}</label>
<div class="actions"><button type="submit"${kind === 'invalid' ? html` class="danger"` : html` class="primary"`}>${LABEL[kind]}</button></div></form>`
}

function resolutionCard(p: Payment, r: PaymentResolution): SafeHtml {
  const c = p.currency
  return html`<section class="card" id="resolution"><h2>${r.kind === 'paid' ? 'Marked as paid' : 'Marked invalid'}</h2>
<p>By <strong>${r.by}</strong> on ${when(r.at)}, when it was ${badge(r.from)}.</p>
<blockquote>${r.reason}</blockquote>
<p class="muted">Ledger for this payment: ${money(p.ledger.credited, c)} ${c} credited (commission ${money(p.ledger.fee, c)} ${c}), ${money(p.ledger.pending, c)} ${c} unconfirmed. A resolution moves no money: only confirmed money received is credited.</p></section>`
}

/** The timeline's line for a resolution. */
export function resolutionTimelineLine(r: PaymentResolution): SafeHtml {
  return html`${r.kind === 'paid' ? 'Marked as paid' : 'Marked invalid'} by ${r.by}: ${r.reason}`
}
