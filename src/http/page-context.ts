import type { FastifyReply, FastifyRequest } from 'fastify'
import { chooseLang, isLang, translator } from '../web/i18n/locale.js'
import { newNonce, pageCsp } from '../web/page-layout.js'
import type { PageContext } from '../web/page-layout.js'

const LANG_COOKIE = 'kassa_lang'

/**
 * The page context of a request: language from ?lang=, the kassa_lang cookie or
 * Accept-Language; a fresh CSP nonce. A ?lang= choice is remembered in the cookie.
 */
export function pageContext(req: FastifyRequest, reply: FastifyReply, accent: string | null = null): PageContext {
  const query = req.query as Record<string, string | undefined> | undefined
  const asked = query?.lang
  const lang = chooseLang(asked, readCookie(req.headers.cookie, LANG_COOKIE), req.headers['accept-language'])
  if (isLang(asked)) {
    // Lax, not Strict: the cookie must come along when a shop's link opens the page. Inside a
    // widget's frame browsers may drop it; the links there carry ?lang= instead.
    reply.header('set-cookie', `${LANG_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`)
  }
  let selfUrl: string | undefined
  return {
    lang,
    t: translator(lang),
    nonce: newNonce(),
    // Worked out when a page is rendered: a kept payment page (web/rendered-pages.ts) never asks.
    get selfUrl() {
      if (selfUrl === undefined) {
        const url = new URL(req.url, 'http://x')
        url.searchParams.delete('lang')
        selfUrl = url.pathname + url.search
      }
      return selfUrl
    },
    accent,
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

/** An HTML page with its CSP; never cached (it shows a live status). */
export function sendPage(reply: FastifyReply, ctx: PageContext, page: string | Buffer, frameAncestors = "'none'", status = 200) {
  return reply
    .code(status)
    .header('content-security-policy', pageCsp(ctx.nonce, frameAncestors))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(page)
}

/** An origin from a query parameter, normalised, or null if it is not a plain http(s) origin. */
export function parseEmbedOrigin(text: string | undefined): string | null {
  if (!text) return null
  try {
    const u = new URL(text)
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === text ? u.origin : null
  } catch {
    return null
  }
}
