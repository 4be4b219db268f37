import { StoreSettingsError } from './store.js'

/**
 * What a store shows to buyers and donors outside the Merchant API: whether the pay widget
 * may create payments and from which web origins, and how the donation widget looks.
 * A store without settings has both turned off: a public endpoint that creates payments with
 * nothing but the (public) API key must be switched on by the merchant.
 */
export interface PageSettings {
  widgetEnabled: boolean
  /** Exact origins ("https://shop.example", no path) whose pages may call the widget. */
  widgetOrigins: string[]
  donationsEnabled: boolean
  /** Button text; null shows the translated default ("Donate"). */
  donationText: string | null
  /** Preset amounts in USD as decimal strings, e.g. ["5", "10", "25"]. */
  donationAmounts: string[]
  /** Accent colour, #rgb or #rrggbb; null is Kassa's default. */
  donationColor: string | null
  /** Shown after a donation completes; null shows the translated default. */
  donationThanks: string | null
}

export const PAGE_SETTINGS_DEFAULTS: PageSettings = {
  widgetEnabled: false,
  widgetOrigins: [],
  donationsEnabled: false,
  donationText: null,
  donationAmounts: ['5', '10', '25'],
  donationColor: null,
  donationThanks: null,
}

const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/
/** Fiat-like amounts: whole or with cents, positive, at most a million. */
const PRESET = /^(?:0|[1-9]\d{0,6})(?:\.\d{1,2})?$/

/** A colour safe to put into CSS, or null. Anything but #rgb / #rrggbb is refused. */
export function parseColor(text: string | undefined | null): string | null {
  if (text === undefined || text === null || text === '') return null
  return COLOR.test(text) ? text.toLowerCase() : null
}

export function parseColorSetting(text: string): string | null {
  if (text === '') return null
  const c = parseColor(text)
  if (c === null) throw new StoreSettingsError('donation colour must be #rgb or #rrggbb, e.g. #e11d48')
  return c
}

/** "5,10,25" → ["5", "10", "25"]; at most 6 positive amounts. Lenient mode drops bad items. */
export function parseAmountList(text: string, opts: { lenient?: boolean } = {}): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const out: string[] = []
  for (const item of items) {
    const ok = PRESET.test(item) && /[1-9]/.test(item)
    if (!ok) {
      if (opts.lenient) continue
      throw new StoreSettingsError(`donation amount "${item}" must be a positive number like 5 or 2.50`)
    }
    if (!out.includes(item)) out.push(item)
  }
  if (!opts.lenient && out.length > 6) throw new StoreSettingsError('at most 6 donation amounts')
  return out.slice(0, 6)
}

/** "https://a.example, http://localhost:3000" → normalised origins; a path or "*" is refused. */
export function parseOriginList(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return [...new Set(items.map(parseOrigin))]
}

function parseOrigin(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new StoreSettingsError(`widget origin "${text}" is not a URL like https://shop.example`)
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null') {
    throw new StoreSettingsError(`widget origin "${text}" must be http(s)`)
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || text.replace(/\/$/, '') !== url.origin) {
    throw new StoreSettingsError(`widget origin "${text}" must be an origin only (scheme://host[:port]), got a path or more`)
  }
  return url.origin
}

export function parseShortText(text: string, what: string, max: number): string | null {
  const t = text.trim()
  if (t === '') return null
  if (t.length > max) throw new StoreSettingsError(`${what} must be at most ${max} characters`)
  return t
}

/** True when `origin` (an Origin header) is one the store listed. */
export function originAllowed(settings: PageSettings, origin: string | undefined): origin is string {
  return origin !== undefined && settings.widgetOrigins.includes(origin)
}
