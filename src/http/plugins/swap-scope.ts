import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RouteNotFoundError, SwapRequestInvalidError } from '../../errors/index.js'
import { parseJsonWithExactNumbers } from '../../serialization/exact-json-parse.js'
import { prettyJson } from '../../serialization/json-pretty.js'
import { stringifyExact } from '../../serialization/exact-json.js'
import { swapErrorBody, toErrorResponse } from '../error-envelope.js'
import { rejectUnparsedBody } from './raw-body.js'

/**
 * What every Swap API route shares, inside its own encapsulated scope: the seed's error
 * envelope `{ok:false, code, message}` (the Merchant API keeps its own), a 404 in that
 * envelope, and `?pretty=1` on every answer, errors included.
 */
export function registerSwapScope(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const e = toErrorResponse(err)
    if (e.status >= 500) req.log.error({ err }, 'swap request failed')
    const body = req.routeOptions.config?.swapEnvelope?.(e) ?? swapErrorBody(e)
    return reply.code(e.status).type('application/json; charset=utf-8').send(stringifyExact(body))
  })
  app.setNotFoundHandler((req, reply) => {
    const e = toErrorResponse(new RouteNotFoundError(req.method, req.url))
    return reply
      .code(e.status)
      .type('application/json; charset=utf-8')
      .send(stringifyExact(swapErrorBody(e)))
  })
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || !wantsPretty(req)) return payload
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload
    return prettyJson(payload)
  })
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Builds this route's error body instead of the usual envelope (/v1/validate: `error`). */
    swapEnvelope?: (e: { status: number; code: string; message: string }) => unknown
  }
}

function wantsPretty(req: FastifyRequest): boolean {
  const q = req.query as Record<string, unknown> | undefined
  return q?.pretty === '1' || q?.pretty === 'true'
}

/**
 * The JSON body of a Swap request as an object, numbers kept as their exact text (a fee of
 * 0.45 arrives as "0.45"), so money never passes through a float.
 */
export function swapBody(req: FastifyRequest): Record<string, unknown> {
  rejectUnparsedBody(req)
  if (req.rawBody === '') throw new SwapRequestInvalidError('Request body is required.')
  const value = parseJsonWithExactNumbers(req.rawBody)
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SwapRequestInvalidError('Request body must be a JSON object.')
  return value as Record<string, unknown>
}
