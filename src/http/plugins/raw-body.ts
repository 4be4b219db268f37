import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RequestNotJsonError, UnsupportedMediaTypeError } from '../../errors/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: the Merchant API signs these bytes. */
    rawBody: string
  }
}

/** Stand-ins for a body that could not be parsed; rejected only after authentication. */
const NOT_JSON = Symbol('not-json')
const NOT_SUPPORTED = Symbol('unsupported-media-type')

/**
 * Keeps every body's raw text and parses JSON ourselves. Parse failures are not thrown here,
 * because parsing runs before authentication: a bad body from an unauthenticated caller must
 * answer 401, not reveal that the route exists and parses. `rejectUnparsedBody` throws them
 * later, after the auth hook. Form posts (the checkout page) are parsed as URL-encoded.
 */
export function registerRawBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.decorateRequest('rawBody', '')
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    const text = body as string
    req.rawBody = text
    if (text === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(null, NOT_JSON)
    }
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    req.rawBody = body as string
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    req.rawBody = body as string
    done(null, NOT_SUPPORTED)
  })
}

export async function rejectUnparsedBody(req: FastifyRequest): Promise<void> {
  if (req.body === NOT_JSON) throw new RequestNotJsonError()
  if (req.body === NOT_SUPPORTED) throw new UnsupportedMediaTypeError()
}
