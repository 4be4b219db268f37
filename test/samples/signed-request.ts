import { createHmac } from 'node:crypto'

/**
 * A Merchant API client written from the seed alone, not from src/: X-Signature is hex
 * HMAC-SHA256(api_secret, timestamp + METHOD + path + body), the body being '' for a GET.
 */
export interface StoreCredentials {
  apiKey: string
  apiSecret: string
}

export interface ApiResponse {
  status: number
  /** Parsed body (undefined if not JSON); loosely typed because its shape is what tests check. */
  json: any
  text: string
}

export async function signedRequest(
  baseUrl: string,
  creds: StoreCredentials,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const text = body === undefined ? '' : JSON.stringify(body)
  const timestamp = Math.floor(Date.now() / 1000).toString()
  const signature = createHmac('sha256', creds.apiSecret)
    .update(timestamp + method + path + text)
    .digest('hex')
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      'X-Api-Key': creds.apiKey,
      'X-Timestamp': timestamp,
      'X-Signature': signature,
    },
    ...(body !== undefined && { body: text }),
    signal: AbortSignal.timeout(5000),
  })
  const raw = await res.text()
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    json = undefined
  }
  return { status: res.status, json, text: raw }
}

/** GET /api/v1/payment/{id}; fails unless it answers 200 with success true. */
export async function getPaymentStatus(baseUrl: string, creds: StoreCredentials, paymentId: string) {
  const r = await signedRequest(baseUrl, creds, 'GET', `/api/v1/payment/${paymentId}`)
  if (r.status !== 200 || r.json?.success !== true) {
    throw new Error(`GET /api/v1/payment/${paymentId} answered ${r.status}: ${r.text}`)
  }
  return r.json.data
}

/**
 * Polls the payment until `done(payment)` holds, at most `timeoutMs`; resolves with the last
 * payment seen either way, so the caller's assertion shows what the status was instead.
 */
export async function pollPayment(
  baseUrl: string,
  creds: StoreCredentials,
  paymentId: string,
  done: (payment: { status: string; [k: string]: unknown }) => boolean,
  timeoutMs = 5000,
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const p = await getPaymentStatus(baseUrl, creds, paymentId)
    if (done(p) || Date.now() >= deadline) return p
    await new Promise((r) => setTimeout(r, 50))
  }
}
