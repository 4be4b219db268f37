import { CURRENCY_NAMES, isCurrencyCode } from '../money/index.js'
import type { Translate } from './i18n/locale.js'

/**
 * A currency as a buyer reads it, in their language: "USDT on TRON (TRC-20)", "Bitcoin". A code
 * this table does not know (none today) shows as itself rather than failing a page.
 */
export function currencyLabel(t: Translate, code: string): string {
  if (!isCurrencyCode(code)) return code
  const n = CURRENCY_NAMES[code]
  return n.coin ?? t('currency_on_network', { symbol: n.symbol, network: n.network })
}

/** The ticker amounts are written in ("USDT" for both USDTs: the network is said beside it). */
export function currencySymbol(code: string): string {
  return isCurrencyCode(code) ? CURRENCY_NAMES[code].symbol : code
}

/** "Send only USDT on the TRON (TRC-20) network. …": shown wherever the buyer is asked to send. */
export function networkWarning(t: Translate, code: string): string {
  if (!isCurrencyCode(code)) return ''
  const n = CURRENCY_NAMES[code]
  return t('network_warning', { symbol: n.symbol, network: n.network })
}
