import type { FastifyRequest } from 'fastify'
import { StoreSettingsError, checkStoreConfirmations, parseStoreConfirmations, percentToBasisPoints } from '../../../domain/stores/store.js'
import type { StoreCurrency } from '../../../domain/stores/store.js'
import { parseAmountList, parseColorSetting, parseOriginList, parseShortText } from '../../../domain/stores/page-settings.js'
import type { PageSettings } from '../../../domain/stores/page-settings.js'
import { isCurrencyCode } from '../../../money/index.js'
import type { CurrencyCode } from '../../../money/index.js'
import type { SettingsPageState } from '../../../web/dashboard/store-settings-pages.js'
import type { StoreFormValues } from '../../../web/dashboard/store-pages.js'
import { field, fieldAll } from './dashboard-context.js'

/** The store form as typed, to show again with an error. */
export function storeFormValues(req: FastifyRequest, offered: readonly CurrencyCode[]): StoreFormValues {
  // In the order of the form, which lists the store's currencies first in their order: the
  // first is the store's default, so saving the settings never changes it behind anyone's back.
  const ticked = [...new Set(fieldAll(req, 'currency'))].filter((c): c is CurrencyCode => (offered as readonly string[]).includes(c))
  const currencies: StoreCurrency[] = ticked.map((code) => {
    const s = field(req.body, `strategy_${code}`)
    return { code, strategy: s === 'unique_address' ? 'unique_address' : 'unique_amount' }
  })
  return {
    name: field(req.body, 'name'),
    mode: field(req.body, 'mode') === 'live' ? 'live' : 'test',
    currencies,
    expiryMinutes: field(req.body, 'expiry_minutes'),
    tolerancePercent: field(req.body, 'underpay_tolerance'),
    confirmations: field(req.body, 'confirmations'),
  }
}

/**
 * Checks what the form says before anything is written: a currency not offered, a strategy
 * other than the two, an expiry or tolerance out of range are refused with a sentence.
 */
export function parseStoreForm(req: FastifyRequest, offered: readonly CurrencyCode[]) {
  const ticked = fieldAll(req, 'currency')
  for (const c of ticked) {
    if (!isCurrencyCode(c) || !offered.includes(c)) throw new StoreSettingsError(`currency ${c} is not available for this store`)
    const s = field(req.body, `strategy_${c}`)
    if (s !== 'unique_address' && s !== 'unique_amount')
      throw new StoreSettingsError(`strategy for ${c} must be unique_address or unique_amount`)
  }
  const v = storeFormValues(req, offered)
  refuseControlCharacters({ 'store name': v.name, 'webhook URL': field(req.body, 'webhook_url'), confirmations: v.confirmations })
  if (v.currencies.length === 0) throw new StoreSettingsError('tick at least one currency')
  if (!/^\d{1,5}$/.test(v.expiryMinutes)) throw new StoreSettingsError('expiry must be a whole number of minutes from 1 to 10080 (7 days)')
  const underpayToleranceBp = percentToBasisPoints(v.tolerancePercent || '0', 'underpayment tolerance')
  if (underpayToleranceBp > 5_000) throw new StoreSettingsError('underpayment tolerance must be 0–50 %')
  const confirmations = parseStoreConfirmations(v.confirmations)
  checkStoreConfirmations(confirmations, v.currencies)
  return {
    name: v.name,
    mode: v.mode,
    currencies: v.currencies,
    expiryMinutes: Number(v.expiryMinutes),
    underpayToleranceBp,
    confirmations,
  }
}

export function pageFormValues(req: FastifyRequest): SettingsPageState['pages'] {
  const b = req.body
  return {
    widgetEnabled: field(b, 'widget_enabled') === '1',
    widgetOrigins: field(b, 'widget_origins'),
    donationsEnabled: field(b, 'donations_enabled') === '1',
    donationText: field(b, 'donation_text'),
    donationAmounts: field(b, 'donation_amounts'),
    donationColor: field(b, 'donation_color'),
    donationThanks: field(b, 'donation_thanks'),
  }
}

/** The widget and donation form through the same checks as `kassa store update` (domain/stores/page-settings). */
export function parsePageForm(v: SettingsPageState['pages']): PageSettings {
  refuseControlCharacters({ 'button text': v.donationText, 'thank-you text': v.donationThanks, 'allowed origins': v.widgetOrigins })
  const amounts = parseAmountList(v.donationAmounts)
  if (amounts.length === 0) throw new StoreSettingsError('give at least one donation amount, e.g. 5, 10, 25')
  return {
    widgetEnabled: v.widgetEnabled,
    widgetOrigins: parseOriginList(v.widgetOrigins),
    donationsEnabled: v.donationsEnabled,
    donationText: parseShortText(v.donationText, 'button text', 60),
    donationAmounts: amounts,
    donationColor: parseColorSetting(v.donationColor),
    donationThanks: parseShortText(v.donationThanks, 'thank-you text', 300),
  }
}

/**
 * Text fields hold one line of printable text. A control character has no business in a store
 * name or a button, and PostgreSQL refuses a NUL outright: caught here, it is a message, not a 500.
 */
export function refuseControlCharacters(fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new StoreSettingsError(`${name} must not contain control characters`)
  }
}
