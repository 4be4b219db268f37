import type { TestKassa } from '../support/test-kassa.js'
import { sign } from '../support/signed-client.js'
import { DASHBOARD_EMAIL, OPERATOR_TOKEN, SHOP_ORIGIN, TEST_PASSWORD } from './fuzz-fixtures.js'
import type { FuzzFixtures } from './fuzz-fixtures.js'
import type { FuzzRequest } from './request-arbitrary.js'
import { surfaceOf } from './surfaces.js'

export interface FuzzResponse {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

/** A request as it went out, credentials included: what a failure prints. */
export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | undefined
  remoteAddress: string
}

/**
 * Sends generated requests to the in-process app (`app.inject`), each with its surface's
 * credentials: the Merchant API signed (a fresh timestamp each time, so the replay guard sees
 * no repeat unless the suite means one), the Swap API's Bearer key, the operator token, the
 * dashboard's session and CSRF token, an allowed Origin for the widget. A dashboard session
 * the fuzz itself ended (sign-out, password change) is made again before the next request.
 */
export class FuzzClient {
  readonly #t: TestKassa
  readonly #f: FuzzFixtures
  #tick = 0
  #session: { token: string; csrfSecret: string; csrf: string } | undefined
  /** How many times the dashboard person was signed in again (after the fuzz signed them out). */
  signIns = 0

  constructor(t: TestKassa, f: FuzzFixtures) {
    this.#t = t
    this.#f = f
  }

  /**
   * Makes sure the dashboard person is signed in, before the snapshot, so the sign-in's writes
   * are not taken for the request's. True when it wrote (signed in again).
   */
  async prepare(req: FuzzRequest): Promise<boolean> {
    if (surfaceOf(req.url) !== 'dashboard' || req.auth === 'none') return false
    const live = this.#session && (await this.#t.kassa.accountSessions.session(this.#session.token))
    if (live && live.stage === 'full') return false
    this.signIns++
    await this.#t.kassa.accountSessions.resetPassword(DASHBOARD_EMAIL, TEST_PASSWORD)
    const signed = await this.#t.kassa.accountSessions.login(DASHBOARD_EMAIL, TEST_PASSWORD, '127.0.0.1')
    const page = await this.#t.app.inject({
      method: 'GET',
      url: '/dashboard/account',
      headers: { cookie: `kassa_session=${signed.token}` },
    })
    const csrfSecret = /kassa_csrf=([^;]+)/.exec(String(page.headers['set-cookie'] ?? ''))?.[1]
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!csrfSecret || !csrf) throw new Error(`no CSRF token on /dashboard/account (${page.statusCode})`)
    this.#session = { token: signed.token, csrfSecret, csrf }
    return true
  }

  /** The request with credentials, as it will be sent. */
  credentials(req: FuzzRequest): SentRequest {
    const headers: Record<string, string> = {}
    if (req.accept !== undefined) headers.accept = req.accept
    if (req.contentType !== undefined) headers['content-type'] = req.contentType
    let body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : req.body.toString('latin1')
    const surface = surfaceOf(req.url)
    const valid = req.auth === 'valid'
    const forged = req.auth === 'forged'
    const f = this.#f
    switch (surface) {
      case 'merchant': {
        if (req.auth === 'none') break
        const now = Math.floor(this.#t.clock.now() / 1000)
        // A new timestamp per request, within the ±300 s window: no accidental replays.
        let ts = String(now - (this.#tick++ % 280))
        let secret = f.merchant.apiSecret
        let key = f.merchant.apiKey
        if (forged && req.forgery % 4 === 0) secret = 'not-the-secret'
        if (forged && req.forgery % 4 === 1) ts = String(now - 1000)
        if (forged && req.forgery % 4 === 2) key = 'unknown-key'
        if (forged && req.forgery % 4 === 3) ts = `${now}.5`
        headers['x-api-key'] = key
        headers['x-timestamp'] = ts
        headers['x-signature'] = sign(secret, ts, req.method, req.url, body ?? '')
        break
      }
      case 'swap':
        if (valid) headers.authorization = `Bearer ${f.swapKey}`
        if (forged) headers.authorization = ['Bearer nope', 'Basic Zm9vOmJhcg==', 'Bearer', `Bearer ${f.swapKey}x`][req.forgery % 4]!
        break
      case 'operator':
        if (valid) headers.authorization = `Bearer ${OPERATOR_TOKEN}`
        if (forged)
          headers.authorization = ['Bearer wrong', `Bearer ${OPERATOR_TOKEN} `, 'bearer', `Token ${OPERATOR_TOKEN}`][req.forgery % 4]!
        break
      case 'dashboard': {
        const s = this.#session
        if (req.auth === 'none' || !s) break
        headers.cookie = `kassa_session=${s.token}; kassa_csrf=${s.csrfSecret}`
        const csrf = forged ? 'forged-token' : s.csrf
        if (req.method === 'POST' && req.contentType === 'application/x-www-form-urlencoded' && typeof req.body === 'string') {
          body = `_csrf=${encodeURIComponent(csrf)}${body ? `&${body}` : ''}`
        }
        break
      }
      case 'buyer':
        if (valid) {
          headers.origin = SHOP_ORIGIN
          if (req.url.startsWith('/link/') || req.url.startsWith('/refund/')) headers['sec-fetch-site'] = 'same-origin'
          if (req.url.startsWith('/link/') || req.url.startsWith('/refund/')) delete headers.origin
        }
        if (forged) {
          headers.origin = 'https://evil.example'
          headers['sec-fetch-site'] = 'cross-site'
        }
        break
      case 'public':
        break
    }
    return { method: req.method, url: req.url, headers, body, remoteAddress: req.remoteAddress }
  }

  async send(req: FuzzRequest, sent: SentRequest): Promise<FuzzResponse> {
    const payload = typeof req.body === 'string' || req.body === undefined ? sent.body : this.#rawBody(req, sent)
    // A live payment's event stream never ends by itself: read it over a socket and hang up.
    if (/^\/pay\/[^/]+\/events(\?|$)/.test(req.url)) return this.#stream(sent)
    const r = await this.#t.app.inject({
      method: sent.method as 'GET',
      url: sent.url,
      headers: sent.headers,
      ...(payload !== undefined && { payload }),
      remoteAddress: sent.remoteAddress,
    })
    return { status: r.statusCode, headers: r.headers, body: r.body }
  }

  /** The generated bytes (not UTF-8 on purpose), with the dashboard's token in front when it was added. */
  #rawBody(req: FuzzRequest, sent: SentRequest): Buffer {
    const bytes = req.body as Buffer
    const added = sent.body !== undefined && sent.body.length > bytes.length ? sent.body.slice(0, sent.body.length - bytes.length) : ''
    return Buffer.concat([Buffer.from(added, 'latin1'), bytes])
  }

  /**
   * An event stream over a real socket: its status and first event, then hang up. An answer
   * whose headers do not come within 2 s is a failure of its own (a request left hanging).
   */
  async #stream(sent: SentRequest): Promise<FuzzResponse> {
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), 2000)
    let res: Response
    try {
      res = await fetch(this.#t.baseUrl + sent.url, { method: sent.method, headers: sent.headers, signal: abort.signal })
    } catch (err) {
      clearTimeout(timer)
      throw new Error(`no answer within 2 s (${(err as Error).name})`)
    }
    let body = ''
    try {
      if (res.body) {
        const reader = res.body.getReader()
        const first = await reader.read()
        body = first.value ? Buffer.from(first.value).toString('utf8') : ''
        if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
          for (let r = await reader.read(); !r.done; r = await reader.read()) body += Buffer.from(r.value).toString('utf8')
        }
      }
    } catch {
      // Hung up on after the first event: the stream was alive, which is all there is to see.
    } finally {
      clearTimeout(timer)
      abort.abort()
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), body }
  }
}
