import type { PageSettings } from '../../domain/stores/page-settings.js'
import { currencyLabel } from '../currency-label.js'
import { html } from '../html.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'

export interface DonationForm {
  amount?: string
  fiat_amount?: string
  currency?: string
  donor_name?: string
  donor_message?: string
}

export interface DonationPageView {
  apiKey: string
  storeName: string
  currencies: string[]
  settings: PageSettings
  /** Preset amounts: the widget's data-amounts, else the store's. */
  amounts: string[]
  /** A refused post comes back with the donor's input and the reason. */
  values?: DonationForm
  error?: string
  /** Widget attributes to carry through the post (embed origin, amounts, colour, lang). */
  query: string
  testMode: boolean
}

/** `/donate/{api_key}`: amount (preset or other, USD), currency, optional name and message. */
export function donationPage(ctx: PageContext, v: DonationPageView): string {
  const { t } = ctx
  const chosen = v.values?.fiat_amount ?? v.amounts[0] ?? ''
  const isPreset = v.amounts.includes(chosen)
  const body = html`
${v.testMode ? html`<p class="test" role="note"><strong>${t('test_mode')}.</strong> ${t('test_mode_text')}</p>` : ''}
<h1>${t('donate_title', { store: v.storeName })}</h1>
${v.error ? html`<p class="error" role="alert" id="donate-error">${v.error}</p>` : ''}
<form method="post" action="/donate/create${v.query}" id="donate-form">
<input type="hidden" name="api_key" value="${v.apiKey}">
<fieldset><legend>${t('donate_amount')} (USD)</legend><div class="amounts">
${v.amounts.map((a) => html`<label><input type="radio" name="fiat_amount" value="${a}"${a === chosen ? html` checked` : ''}><span>$${a}</span></label>`)}
<label><input type="radio" name="fiat_amount" value="other" id="amount-other"${!isPreset ? html` checked` : ''}><span>${t('donate_other')}</span></label>
</div></fieldset>
<label for="other-amount">${t('donate_other')} (USD)</label>
<input id="other-amount" name="other_amount" inputmode="decimal" autocomplete="off" value="${isPreset ? '' : chosen}">
<label for="currency">${t('donate_currency')}</label>
<select id="currency" name="currency">${v.currencies.map((c) => html`<option value="${c}"${c === v.values?.currency ? html` selected` : ''}>${currencyLabel(t, c)}</option>`)}</select>
<label for="donor-name">${t('donate_name')}</label>
<input id="donor-name" name="donor_name" maxlength="100" autocomplete="name" value="${v.values?.donor_name ?? ''}">
<label for="donor-message">${t('donate_message')}</label>
<textarea id="donor-message" name="donor_message" rows="3" maxlength="500">${v.values?.donor_message ?? ''}</textarea>
<p class="stack"><button class="primary" type="submit">${t('donate_submit')}</button></p>
</form>`
  return renderPage(ctx, t('donate_title', { store: v.storeName }), body)
}
