import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'

/** One request as the receiver saw it: the raw body text and the headers. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  body: string
  /** performance.timeOrigin + performance.now() when the body had arrived. */
  at: number
}

/** What to answer: a status (after an optional delay), or 'hang' to never answer. */
export type Answer = { status: number; delayMs?: number; body?: string } | 'hang'

export interface WebhookReceiver {
  url: string
  port: number
  received: ReceivedWebhook[]
  /** Decides each answer; the default is 200 "ok". */
  answer: (req: ReceivedWebhook, index: number) => Answer
  /** Resolves once `n` requests have arrived in all (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedWebhook[]>
  close(): Promise<void>
}

/**
 * A real HTTP receiver on 127.0.0.1 (port 0), as a merchant would run one: it records each
 * request and answers what the test says.
 */
export async function startWebhookReceiver(path = '/hooks/kassa'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  const hanging = new Set<import('node:http').ServerResponse>()
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received,
    answer: () => ({ status: 200, body: 'ok' }),
    waitFor(n, timeoutMs = 5000) {
      if (received.length >= n) return Promise.resolve(received)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${n} requests within ${timeoutMs} ms`)),
          timeoutMs,
        )
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received)) })
      })
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const hook: ReceivedWebhook = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.timeOrigin + performance.now(),
      }
      const index = received.length
      received.push(hook)
      for (const w of waiters.splice(0)) {
        if (received.length >= w.n) w.resolve()
        else waiters.push(w)
      }
      const a = receiver.answer(hook, index)
      if (a === 'hang') {
        hanging.add(res)
        return
      }
      const send = () => res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.body ?? '')
      if (a.delayMs) setTimeout(send, a.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  receiver.port = typeof address === 'object' && address ? address.port : 0
  receiver.url = `http://127.0.0.1:${receiver.port}${path}`
  return receiver
}

/**
 * The seed's PHP verification, line for line:
 *   $expected = hash_hmac('sha256', $timestamp . $body, $webhookSecret);
 *   if (!hash_equals($expected, $signature)) { http_response_code(401); ... }
 * hash_hmac gives lowercase hex; hash_equals is a constant-time comparison of the strings
 * (false at once when the lengths differ).
 */
export function phpVerify(hook: ReceivedWebhook, webhookSecret: string): boolean {
  const timestamp = String(hook.headers['x-timestamp'] ?? '')
  const signature = String(hook.headers['x-signature'] ?? '')
  const expected = createHmac('sha256', webhookSecret)
    .update(timestamp + hook.body)
    .digest('hex')
  const a = Buffer.from(expected)
  const b = Buffer.from(signature)
  return a.length === b.length && timingSafeEqual(a, b)
}
