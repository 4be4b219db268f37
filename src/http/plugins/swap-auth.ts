import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SwapKeyMissingError, SwapQuotaExceededError } from '../../errors/index.js'
import type { SwapAccounts, SwapCaller } from '../../services/swap/swap-accounts.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The Swap API account behind the Bearer key; set by the swap auth hook. */
    swapCaller: SwapCaller | null
  }
  interface FastifyContextConfig {
    /** A Swap API route open without a key (the seed: /v1/ping "認証不要"). */
    swapPublic?: boolean
  }
}

/**
 * Bearer authentication and the per-key daily quota for the Swap API. Registered inside the
 * /v1 scope only, so the Merchant API's HMAC auth and this never meet. Every authenticated
 * answer, a 429 included, carries X-RateLimit-Limit/Remaining/Reset (Reset: epoch seconds of
 * the next UTC midnight, when the count starts again).
 */
export function registerSwapAuth(app: FastifyInstance, accounts: SwapAccounts): void {
  app.decorateRequest('swapCaller', null)
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.routeOptions.config.swapPublic) return
    const header = req.headers.authorization
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    if (!m) throw new SwapKeyMissingError()
    const caller = await accounts.authenticate(m[1]!)
    const quota = await accounts.countRequest(caller)
    reply.header('X-RateLimit-Limit', String(quota.limit))
    reply.header('X-RateLimit-Remaining', String(quota.remaining))
    reply.header('X-RateLimit-Reset', String(quota.reset))
    if (quota.exceeded) throw new SwapQuotaExceededError(quota.limit)
    req.swapCaller = caller
  })
}

/** The caller of an authenticated Swap route (the hook guarantees one). */
export function swapCaller(req: FastifyRequest): SwapCaller {
  if (!req.swapCaller) throw new SwapKeyMissingError()
  return req.swapCaller
}
