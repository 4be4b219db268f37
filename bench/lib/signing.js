// Merchant API request signing (docs/API.md): hex HMAC-SHA256(api_secret, timestamp + METHOD +
// request-target + raw body), sent as X-Api-Key, X-Timestamp and X-Signature.
import { createHmac } from 'node:crypto'
import { HOST } from './processes.js'

export function sign(secret, timestamp, method, path, body) {
  return createHmac('sha256', secret)
    .update(timestamp + method + path + body)
    .digest('hex')
}

/** Signed GET headers, recomputed when the second changes (the same signature within a second is valid). */
export function getSigner(creds, path) {
  let ts = ''
  let sig = ''
  return () => {
    const now = String(Math.floor(Date.now() / 1000))
    if (now !== ts) {
      ts = now
      sig = sign(creds.api_secret, ts, 'GET', path, '')
    }
    return { 'X-Api-Key': creds.api_key, 'X-Timestamp': ts, 'X-Signature': sig }
  }
}

/** Headers of a signed POST of `body`, signed now. */
export function signedPostHeaders(creds, path, body) {
  const ts = String(Math.floor(Date.now() / 1000))
  return {
    'Content-Type': 'application/json',
    'X-Api-Key': creds.api_key,
    'X-Timestamp': ts,
    'X-Signature': sign(creds.api_secret, ts, 'POST', path, body),
  }
}

/**
 * autocannon requests of signed POSTs to `path`, the i-th with the body `bodyOf(i)` (i from 1,
 * counted across every run made from them): every body differs, so no two requests share a
 * signature (Kassa refuses replays).
 */
export function signedPosts(creds, path, bodyOf) {
  let n = 0
  return () => ({
    method: 'POST',
    path,
    setupRequest(req) {
      const body = bodyOf(++n)
      req.body = body
      req.headers = { ...req.headers, ...signedPostHeaders(creds, path, body) }
      return req
    },
  })
}

/** One signed request with fetch; anything but a 200 throws with the body. */
export async function signedFetch(port, creds, method, path, bodyText = '') {
  const ts = String(Math.floor(Date.now() / 1000))
  const headers = {
    'X-Api-Key': creds.api_key,
    'X-Timestamp': ts,
    'X-Signature': sign(creds.api_secret, ts, method, path, bodyText),
    ...(bodyText && { 'Content-Type': 'application/json' }),
  }
  const res = await fetch(`http://${HOST}:${port}${path}`, {
    method,
    headers,
    body: bodyText || undefined,
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status}: ${text}`)
  return { text, json: JSON.parse(text) }
}
