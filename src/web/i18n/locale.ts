import { de } from './messages/de.js'
import { en } from './messages/en.js'
import type { MessageKey, Messages } from './messages/en.js'
import { es } from './messages/es.js'
import { fr } from './messages/fr.js'
import { ja } from './messages/ja.js'
import { pt } from './messages/pt.js'
import { ru } from './messages/ru.js'
import { zh } from './messages/zh.js'

export type { MessageKey, Messages }

/** The seed's eight languages, in its order. */
export const CATALOGUES = { en, ru, zh, es, de, fr, pt, ja } as const satisfies Record<string, Messages>
export type Lang = keyof typeof CATALOGUES
export const LANGS = Object.keys(CATALOGUES) as Lang[]

export function isLang(v: string | undefined): v is Lang {
  return v !== undefined && Object.hasOwn(CATALOGUES, v)
}

/** A translator: t('pay_title', { amount: '1', currency: 'BTC' }). Placeholders are plain text. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function translator(lang: Lang): Translate {
  const m: Messages = CATALOGUES[lang]
  return (key, vars) => {
    const text = m[key]
    return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : text
  }
}

/**
 * The page language: ?lang= first (the switcher; remembered in a cookie by the route), then
 * the cookie, then the best Accept-Language match by q-value ("pt-BR" counts as "pt"), else English.
 */
export function chooseLang(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query
  if (isLang(cookie)) return cookie
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, i }
    })
    .filter((r) => r.base && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const r of ranked) if (isLang(r.base)) return r.base
  return 'en'
}
