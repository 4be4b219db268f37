import type { PageSettings } from '../../domain/stores/page-settings.js'
import type { Store } from '../../domain/stores/store.js'
import type { CurrencyCode } from '../../money/index.js'
import { html } from '../html.js'
import { csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'
import { when } from './merchant-format.js'
import { bpText, storeFields } from './store-pages.js'
import type { StoreFormValues } from './store-pages.js'

export interface SettingsPageState {
  values: StoreFormValues & { enabled: boolean; webhookUrl: string; redirectUrl: string }
  pages: {
    widgetEnabled: boolean
    widgetOrigins: string
    donationsEnabled: boolean
    donationText: string
    donationAmounts: string
    donationColor: string
    donationThanks: string
  }
  offered: readonly CurrencyCode[]
  error?: string | undefined
  ok?: string | undefined
}

/** The page settings as form text, for the first rendering of the settings page. */
export function pageSettingsText(p: PageSettings): SettingsPageState['pages'] {
  return {
    widgetEnabled: p.widgetEnabled,
    widgetOrigins: p.widgetOrigins.join(', '),
    donationsEnabled: p.donationsEnabled,
    donationText: p.donationText ?? '',
    donationAmounts: p.donationAmounts.join(', '),
    donationColor: p.donationColor ?? '',
    donationThanks: p.donationThanks ?? '',
  }
}

const checked = (on: boolean) => (on ? html` checked` : '')

export function storeSettingsPage(view: DashboardView, store: Store, s: SettingsPageState): string {
  const base = `/dashboard/stores/${store.id}`
  const p = s.pages
  return dashboardPage(
    view,
    'Settings',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<form method="post" action="${base}/settings" class="card">${csrfField(view)}<h2>Store</h2>
${storeFields(s.values, { offered: s.offered })}
<label class="check"><input type="checkbox" name="enabled" value="1"${checked(s.values.enabled)}> Enabled (a disabled store's API requests are refused)</label>
<label for="webhook_url">Webhook URL</label><input id="webhook_url" name="webhook_url" type="url" value="${s.values.webhookUrl}" placeholder="https://shop.example/hooks/kassa">
<p class="hint">Empty: no webhooks are sent (events stay in the log and the event feed).</p>
<label for="redirect_url">Return URL</label><input id="redirect_url" name="redirect_url" type="url" maxlength="2048" value="${s.values.redirectUrl}" placeholder="https://shop.example/thanks">
<p class="hint">Final payment pages offer “Back to ${store.name}” linking here, unless the payment gives its own redirect_url. Empty: no link.</p>
<p class="muted">Mode: ${store.mode}. Commission: ${bpText(store.commissionBp)} %, set by the operator.</p>
<div class="actions"><button class="primary" type="submit">Save store settings</button></div></form>
<section class="card" id="logo-card"><h2>Logo</h2>
${
  store.logoSha256
    ? html`<p><img src="/logos/${store.logoSha256}" alt="Current logo of ${store.name}" id="logo-preview" height="48"></p>`
    : html`<p class="hint" id="no-logo">No logo: buyer pages show the store's name only.</p>`
}
<form method="post" action="${base}/settings/logo" enctype="multipart/form-data">${csrfField(view)}
<label for="logo">${store.logoSha256 ? 'Replace with' : 'Upload'} a PNG, JPEG or WebP image (at most 256 KiB)</label>
<input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" required>
<p class="hint">Shown beside the store's name at the top of every buyer page. SVG is not accepted (it can carry script).</p>
<div class="actions"><button class="primary" type="submit">Upload logo</button></div></form>
${store.logoSha256 ? postButton(view, `${base}/settings/logo/remove`, 'Remove logo', { className: 'danger' }) : ''}</section>
<form method="post" action="${base}/settings/pages" class="card">${csrfField(view)}<h2>Pay widget</h2>
<label class="check"><input type="checkbox" name="widget_enabled" value="1"${checked(p.widgetEnabled)}> Pages may create payments with the widget</label>
<label for="widget_origins">Allowed origins</label><input id="widget_origins" name="widget_origins" value="${p.widgetOrigins}" placeholder="https://shop.example, https://www.shop.example">
<p class="hint">Comma-separated origins (scheme://host[:port]), no paths.</p>
<h2>❤️ Donations</h2>
<label class="check"><input type="checkbox" name="donations_enabled" value="1"${checked(p.donationsEnabled)}> Accept donations</label>
<label for="donation_text">Button text</label><input id="donation_text" name="donation_text" maxlength="60" value="${p.donationText}" placeholder="Donate">
<label for="donation_amounts">Preset amounts (USD)</label><input id="donation_amounts" name="donation_amounts" value="${p.donationAmounts}" placeholder="5, 10, 25">
<label for="donation_color">Colour</label><input id="donation_color" name="donation_color" value="${p.donationColor}" placeholder="#e11d48">
<label for="donation_thanks">Thank-you text</label><input id="donation_thanks" name="donation_thanks" maxlength="300" value="${p.donationThanks}">
<div class="actions"><button class="primary" type="submit">Save widget and donation settings</button></div></form>`,
  )
}

/** Secrets revealed by the request that made them; never stored in a page again. */
export interface RevealedSecrets {
  apiSecret?: string
  webhookSecret?: string
  /** Epoch ms until which the previous webhook secret still signs; absent without a grace period. */
  previousValidUntil?: number
  message: string
}

export function keysPage(view: DashboardView, store: Store, revealed?: RevealedSecrets, error?: string): string {
  const base = `/dashboard/stores/${store.id}`
  const secrets = revealed
    ? html`<div class="secret" role="status"><p><strong>${revealed.message}</strong> Copy now: Kassa shows ${revealed.apiSecret && revealed.webhookSecret ? 'these secrets' : 'this secret'} only once.</p>
${revealed.apiSecret ? html`<p>API secret: <code id="api-secret">${revealed.apiSecret}</code></p>` : ''}
${revealed.webhookSecret ? html`<p>Webhook secret: <code id="webhook-secret">${revealed.webhookSecret}</code></p>` : ''}
${revealed.previousValidUntil ? html`<p class="muted">The previous webhook secret also signs (X-Signature-Previous) until ${when(revealed.previousValidUntil)}.</p>` : ''}</div>`
    : ''
  return dashboardPage(
    view,
    'API keys',
    html`${error ? notice('error', error) : ''}${secrets}
<section class="card"><h2>API key</h2><p><code id="api-key">${store.apiKey}</code></p>
<p class="hint">Public: it names the store in the X-Api-Key header and in widgets. The API secret signs requests and is never shown again.</p>
${postButton(view, `${base}/keys/rotate-api`, 'Rotate API key and secret', { className: 'danger', confirm: 'The current API key and secret stop working at once. Rotate?' })}</section>
<section class="card"><h2>Webhook secret</h2><p class="hint">Signs the webhooks Kassa sends (X-Signature).</p>
<form method="post" action="${base}/keys/rotate-webhook" class="inline">${csrfField(view)}
<label for="grace_hours">Keep signing with the old secret for</label><select id="grace_hours" name="grace_hours">
<option value="0">no grace period (stop at once)</option><option value="24" selected>24 hours</option><option value="72">3 days</option><option value="168">7 days</option></select>
<div class="actions"><button type="submit" class="danger">Rotate webhook secret</button></div></form></section>`,
  )
}
