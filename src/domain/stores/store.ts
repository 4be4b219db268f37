import { CURRENCIES, isCurrencyCode } from '../../money/index.js'
import type { AddressStrategy, CurrencyCode } from '../../money/index.js'

export interface StoreCurrency {
  code: CurrencyCode
  strategy: AddressStrategy
}

export interface Store {
  id: string
  accountId: string
  name: string
  apiKey: string
  mode: 'test' | 'live'
  /** In the order the merchant listed them; the first is the store's default currency. */
  currencies: StoreCurrency[]
  expiryMinutes: number
  commissionBp: number
  underpayToleranceBp: number
  enabled: boolean
  webhookUrl: string | null
}

/** Store defaults from DESIGN.md: 30-minute expiry, 1 % commission, no underpayment tolerance. */
export const STORE_DEFAULTS = { expiryMinutes: 30, commissionBp: 100, underpayToleranceBp: 0 } as const

export class StoreSettingsError extends Error {}

/**
 * Parses "USDT_TRC20,BTC" or "USDT_TRC20:unique_address,BTC" into store currencies with each
 * currency's default strategy where none is given.
 */
export function parseStoreCurrencies(text: string): StoreCurrency[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) throw new StoreSettingsError('at least one currency is required')
  const seen = new Set<string>()
  return items.map((item) => {
    const [code = '', strategy] = item.split(':')
    if (!isCurrencyCode(code)) {
      throw new StoreSettingsError(`unknown currency ${code}; known: ${Object.keys(CURRENCIES).join(', ')}`)
    }
    if (seen.has(code)) throw new StoreSettingsError(`currency ${code} listed twice`)
    seen.add(code)
    if (strategy !== undefined && strategy !== 'unique_address' && strategy !== 'unique_amount') {
      throw new StoreSettingsError(`strategy for ${code} must be unique_address or unique_amount`)
    }
    return { code, strategy: strategy ?? CURRENCIES[code].defaultStrategy }
  })
}

/** "1", "1.5", "0.25" percent → basis points; at most two decimals, 0–100 %. */
export function percentToBasisPoints(text: string, what: string): number {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) throw new StoreSettingsError(`${what} must be a percentage like 1 or 0.5`)
  const [whole = '0', frac = ''] = text.split('.')
  const bp = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  if (bp > 10_000) throw new StoreSettingsError(`${what} must be at most 100`)
  return bp
}
