import type { PaymentLink } from '../../domain/payment-links/payment-link.js'
import { currencyLabel, currencySymbol } from '../currency-label.js'
import { html } from '../html.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'

/** The page's context must carry the store's brand (ctx.brand): its name heads the page. */
export interface PaymentLinkPageView {
  link: PaymentLink
  /** Currencies to pick from on this page; empty when there is one, or the selection page asks. */
  choices: string[]
  testMode: boolean
  /** A refused post comes back with the buyer's input and the reason. */
  values?: { amount?: string; currency?: string }
  error?: string
}

/**
 * `/link/{id}`: the merchant's title and description, the price of a fixed link or an amount
 * field within the link's limits, a currency choice when the link allows several, one Pay button.
 * The title and description are the merchant's own words, shown as written (not translated).
 */
export function paymentLinkPage(ctx: PageContext, v: PaymentLinkPageView): string {
  const { t } = ctx
  const l = v.link
  // Fiat codes as they are; a crypto unit as its ticker, its network named in the hint below.
  const unit = currencySymbol(l.unit)
  const q = ctx.selfUrl.indexOf('?')
  const query = q >= 0 ? ctx.selfUrl.slice(q) : ''
  const limits =
    l.minAmount !== null && l.maxAmount !== null
      ? t('link_amount_range', { min: l.minAmount, max: l.maxAmount, unit })
      : l.minAmount !== null
        ? t('link_amount_min', { min: l.minAmount, unit })
        : l.maxAmount !== null
          ? t('link_amount_max', { max: l.maxAmount, unit })
          : ''
  const body = html`
${v.testMode ? html`<p class="test" role="note"><strong>${t('test_mode')}.</strong> ${t('test_mode_text')}</p>` : ''}
<h1 id="link-title">${l.title}</h1>
${l.description ? html`<p id="link-description">${l.description}</p>` : ''}
${l.pricing === 'fixed' ? html`<p class="big" id="link-amount">${l.amount} ${unit}</p>` : ''}
${unit !== l.unit ? html`<p class="muted" id="link-network">${currencyLabel(t, l.unit)}</p>` : ''}
${v.error ? html`<p class="error" role="alert" id="link-error">${v.error}</p>` : ''}
<form method="post" action="/link/${l.id}${query}" id="link-form">
${
  l.pricing === 'open'
    ? html`<label for="amount">${t('link_amount', { unit })}</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" required maxlength="40" value="${v.values?.amount ?? ''}"${limits ? html` aria-describedby="amount-limits"` : ''}>
${limits ? html`<p class="muted" id="amount-limits">${limits}</p>` : ''}`
    : ''
}
${
  v.choices.length > 0
    ? html`<label for="currency">${t('link_currency')}</label>
<select id="currency" name="currency">${v.choices.map((c) => html`<option value="${c}"${c === v.values?.currency ? html` selected` : ''}>${currencyLabel(t, c)}</option>`)}</select>`
    : ''
}
<p class="stack"><button class="primary" type="submit" id="link-pay">${t('link_pay')}</button></p>
</form>`
  return renderPage(ctx, l.title, body, ONE_SUBMIT)
}

/**
 * Each post makes a payment: a double click must not make two. The second submit of the page
 * is dropped; coming back to the page (history, bfcache) allows one again.
 */
const ONE_SUBMIT = `(function(){var f=document.getElementById('link-form');if(!f)return;var sent=false;f.addEventListener('submit',function(e){if(sent){e.preventDefault();return}sent=true});window.addEventListener('pageshow',function(){sent=false})})()`
