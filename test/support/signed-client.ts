import { createHmac } from 'node:crypto'

export interface StoreCredentials {
  storeId: string
  apiKey: string
  apiSecret: string
  webhookSecret: string
}

export interface SignedRequestOptions {
  /** Unix seconds to sign with; defaults to the real clock. */
  timestamp?: number
  /** Headers to add or override (set one to undefined to drop it). */
  headers?: Record<string, string | undefined>
  /** Sign something other than what is sent, to test a bad signature. */
  signPath?: string
  signBody?: string
}

export interface JsonResponse {
  status: number
  headers: Headers
  text: string
  json: any
}

/** Signs exactly as the seed's samples do: hex HMAC-SHA256(secret, ts + METHOD + path + body). */
export function sign(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + method + path + body)
    .digest('hex')
}

export async function signedRequest(
  baseUrl: string,
  creds: Pick<StoreCredentials, 'apiKey' | 'apiSecret'>,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  opts: SignedRequestOptions = {},
): Promise<JsonResponse> {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000))
  const signature = sign(creds.apiSecret, timestamp, method, opts.signPath ?? path, opts.signBody ?? body ?? '')
  const headers: Record<string, string> = {
    'X-Api-Key': creds.apiKey,
    'X-Timestamp': timestamp,
    'X-Signature': signature,
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
  }
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase())
    if (existing) delete headers[existing]
    if (v !== undefined) headers[k] = v
  }
  const res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined && { body }) })
  return readJson(res)
}

export async function readJson(res: Response): Promise<JsonResponse> {
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}
