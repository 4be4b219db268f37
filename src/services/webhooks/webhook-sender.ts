import { lookup as dnsLookup } from 'node:dns'
import type { LookupAddress, LookupOptions } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { isPublicAddress } from '../../domain/webhooks/ip-address-policy.js'
import { parseWebhookUrl } from '../../domain/webhooks/webhook-url.js'

export interface SendResult {
  /** A 2xx answer: the delivery is done. */
  ok: boolean
  statusCode: number | null
  latencyMs: number
  /** Why no usable answer came: timeout, connection error, refused address. */
  error: string | null
  /** The first 1 KiB of the response body, as text. */
  excerpt: string | null
}

export interface WebhookSenderOptions {
  timeoutMs: number
  allowPrivate: boolean
  /** Keep-alive connections per receiver origin (the per-store concurrency). */
  socketsPerOrigin: number
}

const EXCERPT_BYTES = 1024
/** Past this, a response body is not worth reading to keep the connection: it is dropped. */
const DRAIN_LIMIT_BYTES = 64 * 1024

/**
 * Sends one webhook attempt over keep-alive connections (node:http's Agent: no dependency,
 * and its `lookup` hook is where the resolved address can be checked). Never follows
 * redirects: a 3xx is a non-2xx answer like any other. SSRF: unless private receivers are
 * allowed, the address is checked when the connection is made, after DNS resolution, so a
 * name that resolved to a public address when the URL was saved and to 127.0.0.1 now (DNS
 * rebinding) is refused too.
 */
export class WebhookSender {
  readonly #opts: WebhookSenderOptions
  readonly #http: http.Agent
  readonly #https: https.Agent

  constructor(opts: WebhookSenderOptions) {
    this.#opts = opts
    const agentOptions = {
      keepAlive: true,
      maxSockets: opts.socketsPerOrigin,
      maxFreeSockets: opts.socketsPerOrigin,
      scheduling: 'lifo' as const,
    }
    this.#http = new http.Agent(agentOptions)
    this.#https = new https.Agent(agentOptions)
  }

  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now()
    const finish = (r: Omit<SendResult, 'latencyMs'>): SendResult => ({ ...r, latencyMs: Math.round(performance.now() - started) })
    let target: URL
    try {
      const parts = parseWebhookUrl(url)
      // An address literal is never looked up, so the lookup hook cannot judge it: do it here.
      if (parts.ipLiteral && !this.#opts.allowPrivate && !isPublicAddress(parts.hostname)) {
        return Promise.resolve(finish({ ok: false, statusCode: null, error: `address ${parts.hostname} is not public`, excerpt: null }))
      }
      target = new URL(parts.url)
    } catch (err) {
      return Promise.resolve(finish({ ok: false, statusCode: null, error: (err as Error).message, excerpt: null }))
    }
    const secure = target.protocol === 'https:'
    const payload = Buffer.from(body, 'utf8')
    return new Promise<SendResult>((resolve) => {
      let settled = false
      const done = (r: Omit<SendResult, 'latencyMs'>) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(finish(r))
      }
      let req: http.ClientRequest
      try {
        req = (secure ? https : http).request(target, {
          method: 'POST',
          agent: secure ? this.#https : this.#http,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(payload.length),
            'user-agent': 'Kassa-Webhooks/1',
          },
          ...(!this.#opts.allowPrivate && { lookup: publicOnlyLookup }),
        })
      } catch (err) {
        // Thrown synchronously, e.g. a header value Node refuses: a failed attempt, not a crash.
        resolve(finish({ ok: false, statusCode: null, error: (err as Error).message, excerpt: null }))
        return
      }
      // One deadline for the whole attempt (connect, send, answer), as the "10 s".
      const timer = setTimeout(() => {
        done({ ok: false, statusCode: null, error: `timed out after ${this.#opts.timeoutMs} ms`, excerpt: null })
        req.destroy()
      }, this.#opts.timeoutMs)
      req.on('error', (err: NodeJS.ErrnoException) =>
        done({ ok: false, statusCode: null, error: err.code ? `${err.code}: ${err.message}` : err.message, excerpt: null }),
      )
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let kept = 0
        let seen = 0
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length
          if (kept < EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept))
            kept += Math.min(chunk.length, EXCERPT_BYTES - kept)
          }
          if (seen > DRAIN_LIMIT_BYTES) res.destroy()
        })
        const answer = () => {
          const status = res.statusCode ?? 0
          done({ ok: status >= 200 && status < 300, statusCode: status, error: null, excerpt: Buffer.concat(chunks).toString('utf8') })
        }
        res.on('end', answer)
        res.on('close', answer) // destroyed after DRAIN_LIMIT_BYTES: the status still counts
        res.on('error', () => undefined)
      })
      req.end(payload)
    })
  }

  close(): void {
    this.#http.destroy()
    this.#https.destroy()
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * net.connect's lookup hook: resolves as usual, then refuses the connection if any resolved
 * address is not public. Any, not all: a name with one public and one private address could
 * otherwise be steered to the private one by connection failures.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, [])
    const refused = addresses.find((a) => !isPublicAddress(a.address))
    if (refused || addresses.length === 0) {
      const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`)
      e.code = 'EADDRNOTPUBLIC'
      return callback(e, [])
    }
    if (options.all) return callback(null, addresses)
    const first = addresses[0]!
    callback(null, first.address, first.family)
  })
}

/** Resolves a host name the way a connection will, for the check when a URL is saved. */
export async function resolveHost(hostname: string): Promise<string[]> {
  if (isIP(hostname)) return [hostname]
  const { lookup } = await import('node:dns/promises')
  return (await lookup(hostname, { all: true })).map((a) => a.address)
}
