import type { Payment } from '../../domain/payments/payment.js'
import { html } from '../html.js'
import type { SafeHtml } from '../html.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'
import { currencyLabel, currencySymbol, networkWarning } from '../currency-label.js'
import { paymentAsk, publicPaymentJson } from '../public-payment.js'
import type { PublicPayment } from '../public-payment.js'

export interface PaymentPageView {
  /** BIP21 / EIP-681 / tron: URI, null when the payment has no amount yet (queued). */
  uri: string | null
  /** Server-rendered SVG of the URI (qrcode package): no image request, no third party. */
  qrSvg: SafeHtml | null
  /** Parent origin to post status messages to, checked by the route; null when not framed. */
  embedOrigin: string | null
  /** Shown after a donation completes (the store's text or the default). */
  thanks: string | null
  /** The server's clock, so the countdown is right even when the buyer's clock is not. */
  now: number
  /** Confirmations the payment needs: its store's setting, else its network's (ChainRegistry.requiredConfirmations). */
  confirmationsRequired: number
  /**
   * Final pages' "Back to <store>" link: the payment's redirect_url, else the store's default
   * (redirect-url.ts backLinkOf); null for none. The store's name is the page's brand.
   */
  backUrl: string | null
}

const STATUS_KEYS = ['pending', 'queued', 'confirming', 'completed', 'overpaid', 'underpaid', 'expired'] as const
const FINAL_KEYS = ['completed', 'overpaid', 'underpaid', 'expired'] as const

/*
 * Test mode offers "pay a part" and "pay more" only on a fresh address (unique_address): with
 * unique_amount a transfer is matched by its exact amount, so any other amount is, truthfully,
 * an unmatched deposit for the merchant to assign, which would leave the buyer's page waiting.
 */

/**
 * The hosted payment page. Fully rendered on the server in the payment's current state, so it
 * works without JavaScript; the script adds the countdown, copy buttons and live updates.
 */
export function paymentPage(ctx: PageContext, p: Payment, v: PaymentPageView): string {
  const { t } = ctx
  const pub = publicPaymentJson(p, v.confirmationsRequired)
  const ask = paymentAsk(p)
  const testMode = pub.test_mode
  const open = p.status === 'pending' || p.status === 'queued' || p.status === 'confirming'
  const amountText = pub.amount_due ?? ''
  // After a part arrived, the big figure is the rest (amount_missing: remainingDue, exact bigint).
  const askText = ask.partial ? pub.amount_missing : amountText
  // Amounts in the ticker (USDT), the network named once beside them and in the warning.
  const symbol = currencySymbol(p.currency)
  const openTitle = pub.amount_due ? t('pay_title', { amount: amountText, currency: symbol }) : null
  // A final page says how the payment ended, not "Pay …" for something that can no longer be paid.
  const title = open ? (openTitle ?? t('select_title')) : t(`final_${p.status}` as `final_${(typeof FINAL_KEYS)[number]}`)
  const restNote = (pay: PublicPayment) =>
    t('partial_shared', { received: pay.amount_received, due: pay.amount_due ?? '', missing: pay.amount_missing, currency: symbol })
  const body = html`
${testMode ? html`<p class="test" role="note"><strong>${t('test_mode')}.</strong> ${t('test_mode_text')}</p>` : ''}
<h1 id="title">${open ? (openTitle ?? symbol) : title}</h1>
<div class="row" id="currency-row"><span class="label">${t('currency_label')}</span><strong id="currency-name">${currencyLabel(t, p.currency)}</strong></div>
${p.fiatAmount ? html`<p class="muted">${t('fiat_equiv', { amount: p.fiatAmount, fiat: p.fiatCurrency ?? '' })}</p>` : ''}
${p.orderId ? html`<p class="muted">${t('order', { id: p.orderId })}</p>` : ''}
<p class="status" role="status" aria-live="polite" aria-atomic="true"><span class="label">${t('status_label')}</span><span id="status-text">${t(`status_${p.status}` as `status_${(typeof STATUS_KEYS)[number]}`)}</span></p>
<p id="live-fallback" class="muted" hidden>${t('live_fallback')}</p>
<div class="row" id="timer-row"${open ? '' : html` hidden`}><span>${t('time_left')}</span><span class="big" id="countdown" role="timer" aria-live="off">--:--</span></div>
<section id="pay-box"${ask.amount !== null ? '' : html` hidden`} aria-labelledby="due-label">
${v.uri && v.qrSvg ? html`<div class="qr" role="img" aria-label="${t('qr_label', { amount: askText, currency: symbol })}">${v.qrSvg}</div>` : ''}
<span class="label" id="due-label">${ask.partial ? t('send_rest') : t('send_exactly')}</span>
<div class="row"><code class="big" id="due" aria-labelledby="due-label">${askText}</code> <span>${symbol}</span>
<button type="button" data-copy="due" aria-label="${t('copy_amount')}">${t('copy')}</button></div>
<p class="network-warning" id="network-warning" role="note">${networkWarning(t, p.currency)}</p>
<span class="label" id="addr-label">${t('to_address')}</span>
<div class="row"><code id="address" aria-labelledby="addr-label">${p.payAddress}</code>
<button type="button" data-copy="address" aria-label="${t('copy_address')}">${t('copy')}</button></div>
<p class="muted" id="copy-status" role="status" aria-live="polite"></p>
${v.uri ? html`<p><a class="btn primary" id="wallet-link" href="${v.uri}">${t('open_wallet')}</a></p>` : ''}
</section>
<p id="rest-note" class="error"${ask.restUnmatchable ? '' : html` hidden`}>${ask.restUnmatchable ? restNote(pub) : ''}</p>
<div class="row" id="received-row"${pub.amount_received === '0' ? html` hidden` : ''}><span>${t('received')}</span><span id="received">${pub.amount_received} ${symbol}</span></div>
<div class="row" id="missing-row"${pub.amount_missing !== '0' && pub.amount_received !== '0' ? '' : html` hidden`}><span>${t('missing')}</span><strong id="missing">${pub.amount_missing} ${symbol}</strong></div>
<div id="conf-row"${p.status === 'confirming' || (p.confirmations > 0 && !open) ? '' : html` hidden`}>
<div class="row"><span id="conf-label">${t('confirmations')}</span><span id="conf-text">${t('confirmations_of', { n: Math.min(p.confirmations, pub.confirmations_required), required: pub.confirmations_required })}</span></div>
<progress id="conf-progress" aria-labelledby="conf-label" max="${pub.confirmations_required}" value="${Math.min(p.confirmations, pub.confirmations_required)}"></progress></div>
<div class="row" id="tx-row"${p.txHash ? '' : html` hidden`}><span>${t('transaction')}</span><code id="tx">${p.txHash ?? ''}</code></div>
<p id="done-box" class="big"${p.status === 'completed' || p.status === 'overpaid' ? '' : html` hidden`}>${v.thanks ?? ''}</p>
${
  // Drawn on every page that has a link, shown once the payment is final (also when it turns
  // final while the page is open). _top: inside the pay widget's frame it leaves the overlay.
  v.backUrl && ctx.brand
    ? html`<p id="back-row" class="stack"${open ? html` hidden` : ''}><a class="btn primary" id="back-link" href="${v.backUrl}" target="_top" rel="noopener">${t('back_to_store', { store: ctx.brand.name })}</a></p>`
    : ''
}
${
  testMode
    ? html`<section id="sim-box"${ask.amount !== null ? '' : html` hidden`} aria-labelledby="sim-title">
<h2 id="sim-title" class="label">${t('sim_title')} (${t('test_mode')})</h2>
<form method="post" id="sim-form" action="${simulateAction(ctx.selfUrl, p.id)}" class="stack">
<button class="primary" id="sim-rest" name="part" value="full">${ask.partial ? t('sim_rest') : t('sim_full')}</button>
${
  p.strategy === 'unique_address'
    ? html`<button name="part" value="half">${t('sim_half')}</button>
<button name="part" value="more">${t('sim_more')}</button>`
    : ''
}</form></section>`
    : ''
}`
  const data = {
    payment: pub,
    now: v.now,
    testMode,
    // The client repeats paymentAsk's rule live; on a shared address a part's rest cannot be asked for.
    sharedAddress: p.strategy === 'unique_amount',
    embedOrigin: v.embedOrigin,
    symbol,
    msgs: {
      ...Object.fromEntries(STATUS_KEYS.map((s) => [`status_${s}`, t(`status_${s}`)])),
      ...Object.fromEntries(FINAL_KEYS.map((s) => [`final_${s}`, t(`final_${s}`)])),
      title_open: openTitle ?? symbol,
      confirmations_of: t('confirmations_of'),
      copied: t('copied'),
      send_exactly: t('send_exactly'),
      send_rest: t('send_rest'),
      sim_full: t('sim_full'),
      sim_rest: t('sim_rest'),
      partial_shared: t('partial_shared'),
    },
  }
  return renderPage(ctx, title, body, { asset: 'pay-page.js' }, data)
}

/** The simulate form posts back with the page's query (language, embed) so the redirect keeps it. */
function simulateAction(selfUrl: string, id: string): string {
  const q = selfUrl.indexOf('?')
  return `/pay/${id}/simulate${q >= 0 ? selfUrl.slice(q) : ''}`
}
