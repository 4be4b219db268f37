import { pooledRandomBytes } from '../security/random-pool.js'
import { html, SafeHtml } from './html.js'
import { CATALOGUES, LANGS } from './i18n/locale.js'
import { pageAssetUrl } from './page-assets.js'
import type { PageAssetName } from './page-assets.js'
import type { Lang, Translate } from './i18n/locale.js'

/** What every page needs to render: language, translator, the response's CSP nonce. */
export interface PageContext {
  lang: Lang
  t: Translate
  nonce: string
  /** Path and query of this page without `lang`, for the language switcher's links. */
  selfUrl: string
  /** Accent colour (validated #rgb/#rrggbb) for donation pages; null is the default. */
  accent?: string | null
  /**
   * The store the page is about: its name (and logo) head every buyer page, so the buyer can
   * see whom they pay. Set by the route once it knows the store (withStore); absent on pages
   * of no store (an unknown link's error page).
   */
  brand?: PageBrand
}

export interface PageBrand {
  name: string
  /** Same-origin URL of the logo (/logos/<sha256>), null for none. */
  logoUrl: string | null
}

/** The brand of a store: name, and logo when it has one. */
export function brandOf(store: { name: string; logoSha256: string | null }): PageBrand {
  return { name: store.name, logoUrl: store.logoSha256 === null ? null : `/logos/${store.logoSha256}` }
}

/** A CSP nonce: 128 bits from the CSPRNG (through its pool, drawn once per page view). */
export function newNonce(): string {
  return pooledRandomBytes(16).toString('base64')
}

/**
 * Scripts and styles run only with this response's nonce: no 'unsafe-inline', nothing from
 * another origin, connections to Kassa only (status polling and server-sent events).
 * `frameAncestors` is who may frame the page: the store's widget origins, '*' for donation
 * pages (any site may embed them; see docs/API.md) or 'none'.
 */
export function pageCsp(nonce: string, frameAncestors: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    // 'self': the store's logo (/logos/<sha256>), never another site's image.
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ')
}

/**
 * One HTML document: head with the stylesheet and the accent, the page body, and the language
 * switcher. `script` is inline JS, or a served script's name (web/page-assets.ts); both run
 * only with the response's nonce.
 */
export function renderPage(
  ctx: PageContext,
  title: string,
  body: SafeHtml,
  script?: string | { asset: PageAssetName },
  data?: unknown,
): string {
  const accent = ctx.accent ?? '#2563eb'
  const sep = ctx.selfUrl.includes('?') ? '&' : '?'
  const langs = LANGS.map(
    (l) =>
      html`<a href="${ctx.selfUrl}${sep}lang=${l}" hreflang="${l}" lang="${l}"${l === ctx.lang ? new SafeHtml(' aria-current="true"') : ''}>${CATALOGUES[l].lang_name}</a>`,
  )
  // JSON inside <script type=application/json>: "<" escaped so no text can close the element.
  const header = ctx.brand
    ? html`<header class="store" id="store-header">${ctx.brand.logoUrl ? html`<img src="${ctx.brand.logoUrl}" alt="" id="store-logo">` : ''}<span id="store-name">${ctx.brand.name}</span></header>`
    : ''
  const json = data === undefined ? '' : JSON.stringify(data).replace(/</g, '\\u003c')
  return html`<!doctype html>
<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}</title>
<link rel="stylesheet" href="${pageAssetUrl('page.css')}" nonce="${ctx.nonce}">
<style nonce="${ctx.nonce}">:root{--accent:${accent}}</style>
</head><body${/[?&]embed=/.test(ctx.selfUrl) ? html` class="embedded"` : ''}><main>${header}${body}
<nav class="langs" aria-label="${ctx.t('language')}">${langs}</nav></main>
${data === undefined ? '' : html`<script type="application/json" id="kassa-data">${new SafeHtml(json)}</script>`}
${
  script === undefined
    ? ''
    : typeof script === 'string'
      ? html`<script nonce="${ctx.nonce}">${new SafeHtml(script)}</script>`
      : html`<script nonce="${ctx.nonce}" src="${pageAssetUrl(script.asset)}"></script>`
}
</body></html>`.value
}
