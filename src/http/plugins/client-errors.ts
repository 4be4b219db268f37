import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyServerOptions } from 'fastify'
import type { HttpTimeouts } from '../../config/index.js'
import { stringifyExact } from '../../serialization/exact-json.js'
import { merchantErrorBody } from '../error-envelope.js'

/**
 * Fastify's server options that bound how long a client may take. Node applies
 * `headersTimeout` and `requestTimeout` on a timer (`connectionsCheckingInterval`, 30 s by
 * default), so the timer runs at a quarter of the shorter deadline, at most every second:
 * otherwise a 1 s deadline in a test, or a 10 s one in production, could take 30 s more.
 */
export function timeoutOptions(t: HttpTimeouts): Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number }
} {
  const check = Math.max(25, Math.min(1000, Math.floor(Math.min(t.headersTimeoutMs, t.requestTimeoutMs) / 4)))
  return {
    connectionTimeout: t.idleTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    http: { headersTimeout: t.headersTimeoutMs, requestTimeout: t.requestTimeoutMs, connectionsCheckingInterval: check },
  }
}

/** Node's parser errors that never reach Fastify's routing, in the Merchant API's words. */
function clientErrorResponse(code: string | undefined): { status: number; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'The request took too long to arrive.' }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'Request headers are too large.' }
  return { status: 400, message: 'The request is not valid HTTP.' }
}

/**
 * The Node server's `clientError` handler (Fastify's `clientErrorHandler`): a request too
 * slow, with headers too large, or not HTTP at all is answered in the seed's envelope
 * (`{"success":false,"error":...}`) instead of Fastify's own `{"statusCode":...}` body, then
 * the socket is closed. The URL is not known at this point (the parser failed), so every path
 * gets the Merchant API's envelope: it is the one API a program talks to unprompted.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset socket has nobody to answer (Node's own handler does the same).
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const { status, message } = clientErrorResponse(err.code)
  const body = stringifyExact(merchantErrorBody({ status, code: 'REQUEST_INVALID', message }))
  if (!socket.writable) return void socket.destroy()
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    'Connection: close\r\n\r\n'
  // Closed once the answer is flushed: destroying at once could drop it unsent.
  socket.end(head + body, () => socket.destroy())
}
