import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RequestNotJsonError, UnsupportedMediaTypeError } from '../../errors/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: the Merchant API signs these bytes. */
    rawBody: string
    /** How the body was sent; only the checkout pages accept HTML form posts. */
    bodyKind: 'none' | 'json' | 'form'
  }
}

/** Stand-ins for a body that could not be parsed; rejected only after authentication. */
const NOT_JSON = Symbol('not-json')
const NOT_SUPPORTED = Symbol('unsupported-media-type')

/**
 * Keeps every body's raw text and parses it ourselves, replacing Fastify's built-in parsers
 * (its text/plain parser would otherwise keep the body from the signature check). Parse
 * failures are not thrown here, because parsing runs before authentication: a bad body from
 * an unauthenticated caller must answer 401, not reveal that the route exists and parses.
 * `rejectUnparsedBody` throws them later, after the auth hook.
 */
export function registerRawBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  app.decorateRequest('rawBody', '')
  app.decorateRequest('bodyKind', 'none')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    const text = body as string
    req.rawBody = text
    req.bodyKind = 'json'
    if (text === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(null, NOT_JSON)
    }
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    req.rawBody = body as string
    req.bodyKind = 'form'
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    req.rawBody = body as string
    done(null, NOT_SUPPORTED)
  })
}

/** For JSON APIs: anything but a parsed JSON body (or none) is refused. Call after authentication. */
export function rejectUnparsedBody(req: FastifyRequest): void {
  if (req.body === NOT_JSON) throw new RequestNotJsonError()
  if (req.body === NOT_SUPPORTED || req.bodyKind === 'form') throw new UnsupportedMediaTypeError()
}

/** For the checkout pages: JSON or an HTML form post. */
export async function rejectUnparsedBodyAllowForms(req: FastifyRequest): Promise<void> {
  if (req.body === NOT_JSON) throw new RequestNotJsonError()
  if (req.body === NOT_SUPPORTED) throw new UnsupportedMediaTypeError()
}
