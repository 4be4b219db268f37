import type { FastifyReply, FastifyRequest } from 'fastify'
import { CrossSitePostError } from '../../errors/index.js'
import { errorPage } from '../../web/pages/error-page.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, sendPage } from '../page-context.js'

/**
 * Public pages whose form makes a payment with no secret (payment links): a form on another
 * site must not post it, or any page a buyer visits could open payments in their name and
 * spend the store's public slot budget through their browser. Browsers say where a form came
 * from. `Sec-Fetch-Site` (Chromium, Firefox, Safari 16.4+) rules when present: only
 * `same-origin` and `none` (typed or bookmarked) pass. Without it, `Origin` must be Kassa's
 * public URL or the host the request came to (tests, a proxy that keeps Host). Our pages send
 * `Referrer-Policy: no-referrer`, under which Chromium posts `Origin: null` even from the same
 * origin: that is why Fetch Metadata comes first. A client that sends neither header is not a
 * browser, and no browser's cookies or address are being borrowed.
 */
export function refuseCrossSitePost(publicUrl: string) {
  const own = new URL(publicUrl).origin
  return async function crossSiteGuard(req: FastifyRequest): Promise<void> {
    const site = req.headers['sec-fetch-site']
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none') return
      throw new CrossSitePostError()
    }
    const origin = req.headers.origin
    if (origin === undefined || origin === own) return
    let from: URL | undefined
    try {
      from = new URL(origin)
    } catch {
      from = undefined
    }
    // "null" (sandboxed frames, no-referrer pages) and anything unparsable are refused with the rest.
    if (from !== undefined && from.origin === origin && from.host === req.headers.host) return
    throw new CrossSitePostError()
  }
}

/**
 * Where browsers go: the buyer's payment, donation, payment-link and refund pages, and the
 * dashboard (whose own handlers answer its routes' errors with its pages; what reaches this
 * check there is a URL Fastify refused before routing, such as an over-long path parameter).
 */
const PAGE_PATH = /^\/(pay|donate|link|refund|dashboard)(\/|$|\?)/

/**
 * Whether an error that escaped a route (an unknown or over-long path, a malformed URL, a
 * limit) should be the HTML error page rather than the Merchant API's JSON: a page's path,
 * asked for by a browser (`Accept` naming text/html, as navigations and form posts do). The
 * widgets' and the pages' own `fetch()` calls send `Accept: *\/*` and keep their JSON.
 */
export function wantsErrorPage(req: FastifyRequest): boolean {
  const accept = req.headers.accept
  return typeof accept === 'string' && accept.includes('text/html') && PAGE_PATH.test(req.url)
}

/** A refusal as the buyer's error page, in their language, with the error's status. */
export function sendErrorPage(req: FastifyRequest, reply: FastifyReply, err: unknown, frameAncestors = "'none'") {
  const ctx = pageContext(req, reply)
  const e = toErrorResponse(err)
  if (e.status >= 500) req.log.error({ err }, 'public page failed')
  return sendPage(reply, ctx, errorPage(ctx, e), frameAncestors, e.status)
}
