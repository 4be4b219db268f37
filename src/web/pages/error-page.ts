import type { ErrorResponse } from '../../http/error-envelope.js'
import { html } from '../html.js'
import type { MessageKey } from '../i18n/locale.js'
import { renderPage } from '../page-layout.js'
import type { PageContext } from '../page-layout.js'

/** Codes a buyer can meet on a page, in the buyer's language; others show a generic line. */
const KNOWN: Record<string, MessageKey> = {
  PAYMENT_NOT_FOUND: 'err_payment_not_found',
  SELECTION_NOT_FOUND: 'err_selection_not_found',
  SELECTION_EXPIRED: 'err_selection_expired',
  STORE_KEY_NOT_FOUND: 'err_store_not_found',
  DONATIONS_DISABLED: 'err_donations_disabled',
  REFUND_NOT_FOUND: 'err_refund_not_found',
  PAYMENT_LINK_NOT_FOUND: 'err_link_not_found',
  PAYMENT_LINK_INACTIVE: 'err_link_inactive',
  PAGE_CROSS_SITE_POST: 'err_cross_site',
}

export function errorPage(ctx: PageContext, e: ErrorResponse): string {
  const { t } = ctx
  const key = KNOWN[e.code]
  const body = html`<h1>${t('error_title')}</h1>
<p class="error" role="alert">${key ? t(key) : t('err_generic')}</p>
${key ? '' : html`<p class="muted" lang="en">${e.message}</p>`}`
  return renderPage(ctx, t('error_title'), body)
}
