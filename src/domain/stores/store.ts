import { CURRENCIES, CURRENCY_CODES, isCurrencyCode } from '../../money/index.js'
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
  /** Confirmations a payment in a currency needs before it completes, where the store overrides its network's. */
  confirmations: StoreConfirmations
  /** Final pages' "Back to the store" link when a payment names none of its own; null for none. */
  redirectUrl: string | null
  /** SHA-256 (hex) of the store's logo, served at /logos/<sha256>; null for none. */
  logoSha256: string | null
}

/**
 * A store's confirmation thresholds by currency, e.g. { BTC: 3 }. A currency left out takes its
 * network's (ChainRegistry.requiredConfirmations): the store may ask for more depth than the
 * network (large orders), or less (small ones on a test store), within 1 to MAX_STORE_CONFIRMATIONS.
 */
export type StoreConfirmations = Partial<Record<CurrencyCode, number>>

/** A week of Bitcoin blocks, far beyond any reorg worth waiting for: more is a typo. */
export const MAX_STORE_CONFIRMATIONS = 1000

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

/**
 * Parses "BTC=3, LTC=12" ("" for none) into a store's confirmation thresholds. `option` names
 * the field in messages ("--confirmations" on the CLI). Whether the store accepts each currency
 * is checkStoreConfirmations' business.
 */
export function parseStoreConfirmations(text: string, option = 'confirmations'): StoreConfirmations {
  const out: StoreConfirmations = {}
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue
    const m = /^([^=\s]+)\s*=\s*(\S*)$/.exec(item)
    if (!m) throw new StoreSettingsError(`${option}: write CURRENCY=N, e.g. BTC=3, LTC=12 (got "${item}")`)
    const [, code = '', n = ''] = m
    if (!isCurrencyCode(code))
      throw new StoreSettingsError(`${option}: unknown currency ${code}; known: ${Object.keys(CURRENCIES).join(', ')}`)
    if (out[code] !== undefined) throw new StoreSettingsError(`${option}: ${code} listed twice`)
    if (!/^\d{1,4}$/.test(n)) throw new StoreSettingsError(confirmationsRangeMessage(option, code))
    out[code] = Number(n)
  }
  checkStoreConfirmations(out, undefined, option)
  return out
}

/**
 * Refuses thresholds that are not whole numbers from 1 to MAX_STORE_CONFIRMATIONS, for an
 * unknown currency, or (given `accepted`) for a currency the store does not accept.
 */
export function checkStoreConfirmations(c: StoreConfirmations, accepted?: readonly StoreCurrency[], option = 'confirmations'): void {
  for (const [code, n] of Object.entries(c)) {
    if (!isCurrencyCode(code))
      throw new StoreSettingsError(`${option}: unknown currency ${code}; known: ${Object.keys(CURRENCIES).join(', ')}`)
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_STORE_CONFIRMATIONS) {
      throw new StoreSettingsError(confirmationsRangeMessage(option, code))
    }
    if (accepted && !accepted.some((a) => a.code === code)) {
      throw new StoreSettingsError(`${option}: the store does not accept ${code}; set confirmations only for its currencies`)
    }
  }
}

/** "BTC=3, LTC=12", in the order of the currency table; "" for none. */
export function formatStoreConfirmations(c: StoreConfirmations): string {
  return CURRENCY_CODES.filter((code) => c[code] !== undefined)
    .map((code) => `${code}=${c[code]}`)
    .join(', ')
}

function confirmationsRangeMessage(option: string, code: string): string {
  return `${option} for ${code} must be a whole number from 1 to ${MAX_STORE_CONFIRMATIONS}`
}
