import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'

/**
 * Public endpoints that create payments take no secret, so they are limited twice: per client
 * address (one abuser) and per store (many addresses against one store). The store key is the
 * API key in the body or path, or the payment link in the path (one budget per link); a request
 * without one is limited by address only.
 */
export function publicCreateLimits(app: FastifyInstance): preHandlerAsyncHookHandler[] {
  return [
    app.rateLimit({ max: 30, timeWindow: '1 minute', groupId: 'public-create-ip' }),
    app.rateLimit({
      max: 300,
      timeWindow: '1 minute',
      groupId: 'public-create-store',
      keyGenerator: (req: FastifyRequest) => `store:${storeKeyOf(req) ?? req.ip}`,
    }),
  ]
}

function storeKeyOf(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined
  const params = req.params as Record<string, unknown> | undefined
  const key = body?.api_key ?? body?.apiKey ?? params?.apiKey
  if (typeof key === 'string') return key.slice(0, 100)
  return typeof params?.linkId === 'string' ? `link:${params.linkId.slice(0, 64)}` : undefined
}
