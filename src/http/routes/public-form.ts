import type { FastifyReply, FastifyRequest } from 'fastify'
import { CrossSitePostError } from '../../errors/index.js'
import { errorPage } from '../../web/pages/error-page.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, sendPage } from '../page-context.js'

/**
 * Public pages whose form makes a payment with no secret (payment links): a form on another
 * site must not post it, or any page a buyer visits could open payments in their name and
 * spend the store's public slot budget through their browser. Browsers say where a form came
 * from: `Sec-Fetch-Site` (Chromium, Firefox, Safari) and `Origin` on every POST. A client that
 * sends neither is not a browser, and no browser's cookies or address are being borrowed.
 * Same-origin means Kassa's public URL or the host the request came to (tests, a proxy that
 * keeps Host).
 */
export function refuseCrossSitePost(publicUrl: string) {
  const own = new URL(publicUrl).origin
  return async function crossSiteGuard(req: FastifyRequest): Promise<void> {
    const site = req.headers['sec-fetch-site']
    if (site === 'cross-site' || site === 'same-site') throw new CrossSitePostError()
    const origin = req.headers.origin
    if (origin === undefined) return
    if (origin === own) return
    const host = req.headers.host
    let from: URL | undefined
    try {
      from = new URL(origin)
    } catch {
      from = undefined
    }
    // "null" (sandboxed frames, some redirects) and anything unparsable are refused with the rest.
    if (from !== undefined && host !== undefined && from.host === host && from.origin === origin) return
    throw new CrossSitePostError()
  }
}

/** A refusal as the buyer's error page, in their language, with the error's status. */
export function sendErrorPage(req: FastifyRequest, reply: FastifyReply, err: unknown, frameAncestors = "'none'") {
  const ctx = pageContext(req, reply)
  const e = toErrorResponse(err)
  if (e.status >= 500) req.log.error({ err }, 'public page failed')
  return sendPage(reply, ctx, errorPage(ctx, e), frameAncestors, e.status)
}
