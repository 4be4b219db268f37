import { sign } from '../support/signed-client.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { parseJsonExact } from './exact-json.js'

/** What a request came to: an answer, or none (and whether it could have reached the server). */
export type HttpOutcome =
  | { kind: 'answer'; status: number; json: any; text: string }
  /** Nothing listened (the server was down): nothing of the request can have happened. */
  | { kind: 'refused' }
  /** Sent, then the connection broke or the time ran out: it may or may not have happened. */
  | { kind: 'cut'; error: string }

const TIMEOUT_MS = 10_000

async function send(url: string, init: RequestInit): Promise<HttpOutcome> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
    const text = await res.text()
    let json: any
    try {
      json = parseJsonExact(text)
    } catch {
      json = undefined
    }
    return { kind: 'answer', status: res.status, json, text }
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    if (cause?.code === 'ECONNREFUSED') return { kind: 'refused' }
    return { kind: 'cut', error: cause?.code ?? (err as Error).message }
  }
}

/** A Merchant API request signed as the seed says (test/support/signed-client.ts). */
export function merchantRequest(
  baseUrl: string,
  creds: Pick<StoreCredentials, 'apiKey' | 'apiSecret'>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpOutcome> {
  const text = body === undefined ? '' : JSON.stringify(body)
  const timestamp = String(Math.floor(Date.now() / 1000))
  return send(baseUrl + path, {
    method,
    headers: {
      'X-Api-Key': creds.apiKey,
      'X-Timestamp': timestamp,
      'X-Signature': sign(creds.apiSecret, timestamp, method, path, text),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: text }),
  })
}

/** An operator route under /operator/v1, with the Bearer token of KASSA_OPERATOR_TOKEN. */
export function operatorRequest(
  baseUrl: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<HttpOutcome> {
  return send(`${baseUrl}/operator/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
}

/** The payment page's test-mode button, as its script calls it (JSON answer). */
export function pageSimulate(baseUrl: string, paymentId: string, part: 'rest' | 'half' | 'more'): Promise<HttpOutcome> {
  return send(`${baseUrl}/pay/${encodeURIComponent(paymentId)}/simulate`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ part }),
  })
}

/** An answer, or a thrown error naming what came instead: for the campaign's own setup and reads. */
export function answered(o: HttpOutcome, what: string): { status: number; json: any; text: string } {
  if (o.kind !== 'answer') throw new Error(`${what}: no answer (${o.kind === 'cut' ? o.error : 'connection refused'})`)
  if (o.status < 200 || o.status > 299) throw new Error(`${what}: HTTP ${o.status} ${o.text.slice(0, 300)}`)
  return o
}
