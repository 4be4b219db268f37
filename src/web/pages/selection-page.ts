import type { Selection } from '../../domain/payments/selection.js'
import { currencyLabel, currencySymbol } from '../currency-label.js'
import { html } from '../html.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'

export interface SelectionOption {
  currency: string
  /** The converted amount at today's rate, display text; null when no rate is available. */
  amount: string | null
}

/** Multi-currency payments: the buyer picks a currency; the payment is created on the post. */
export function selectionPage(ctx: PageContext, s: Selection, amountText: string, options: SelectionOption[], testMode: boolean): string {
  const { t } = ctx
  const q = ctx.selfUrl.indexOf('?')
  // Keep language and embedding across the post and its redirect to the payment page.
  const query =
    q >= 0
      ? ctx.selfUrl
          .slice(q)
          .replace(/([?&])token=[^&]*&?/, '$1')
          .replace(/[?&]$/, '')
      : ''
  const body = html`
${testMode ? html`<p class="test" role="note"><strong>${t('test_mode')}.</strong> ${t('test_mode_text')}</p>` : ''}
<h1>${t('select_title')}</h1>
<p class="big">${t('select_amount', { amount: amountText })}</p>
${s.orderId ? html`<p class="muted">${t('order', { id: s.orderId })}</p>` : ''}
<form method="post" action="/pay/select${query}" class="stack">
<input type="hidden" name="token" value="${s.token}">
${options.map((o) => html`<button class="primary" name="currency" value="${o.currency}">${t('select_pay_with', { currency: currencyLabel(t, o.currency) })}${o.amount ? html`<br><small>${o.amount} ${currencySymbol(o.currency)}</small>` : ''}</button>`)}
</form>
<p class="muted">${t('select_hint')}</p>`
  return renderPage(ctx, t('select_title'), body)
}
