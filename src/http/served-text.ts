import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ClientScript } from '../web/client-scripts.js'

/**
 * A fixed text (a script, a stylesheet) with its ETag: 304 when the browser has it, gzip when
 * the browser takes it, and never sniffed as another type.
 */
export function sendServedText(
  req: FastifyRequest,
  reply: FastifyReply,
  text: ClientScript,
  contentType: string,
  cacheControl: string,
): FastifyReply {
  reply
    .header('content-type', contentType)
    .header('cache-control', cacheControl)
    .header('etag', text.etag)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'accept-encoding')
  if (req.headers['if-none-match'] === text.etag) return reply.code(304).send()
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(text.gzip)
  return reply.send(text.body)
}
