import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { tooManyRequests } from '../plugins/rate-limits.js'

/**
 * Public endpoints that create payments take no secret, so they are limited twice: per client
 * address (one abuser) and per store (many addresses against one store). The store key is the
 * API key in the body or path, or the payment link in the path (one budget per link); a request
 * without one is limited by address only. `route` names the endpoint: each has its own budgets.
 *
 * Both limits are checked in one hook. The plugin's `app.rateLimit()` hooks cannot be stacked:
 * they share one "already ran" flag per request, so a second one never counted and the per-store
 * limit never applied (issue 16, defect 1). A request over its address's limit is refused before
 * it counts against the store, so one address cannot spend a store's budget.
 */
export function publicCreateLimits(app: FastifyInstance, route: string): preHandlerAsyncHookHandler {
  const limits = [
    app.createRateLimit({ max: 30, timeWindow: '1 minute', groupId: `${route}:address` } as CreateOptions),
    app.createRateLimit({
      max: 300,
      timeWindow: '1 minute',
      groupId: `${route}:store`,
      keyGenerator: (req: FastifyRequest) => `store:${storeKeyOf(req) ?? req.ip}`,
    } as CreateOptions),
  ]
  return async (req: FastifyRequest, reply: FastifyReply) => {
    let tightest: { max: number; remaining: number; ttlInSeconds: number } | undefined
    for (const limit of limits) {
      const r = await limit(req)
      if (r.isAllowed) continue
      if (r.isExceeded) {
        reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', 0)
        reply.header('x-ratelimit-reset', r.ttlInSeconds).header('retry-after', r.ttlInSeconds)
        throw tooManyRequests(r.ttl)
      }
      if (tightest === undefined || r.remaining < tightest.remaining) tightest = r
    }
    if (tightest !== undefined) {
      reply.header('x-ratelimit-limit', tightest.max).header('x-ratelimit-remaining', tightest.remaining)
      reply.header('x-ratelimit-reset', tightest.ttlInSeconds)
    }
  }
}

/** `groupId` names the limit's counters in a shared store (plugins/rate-limits.ts); the plugin's types omit it here. */
type CreateOptions = Parameters<FastifyInstance['createRateLimit']>[0]

function storeKeyOf(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined
  const params = req.params as Record<string, unknown> | undefined
  const key = body?.api_key ?? body?.apiKey ?? params?.apiKey
  if (typeof key === 'string') return key.slice(0, 100)
  return typeof params?.linkId === 'string' ? `link:${params.linkId.slice(0, 64)}` : undefined
}
