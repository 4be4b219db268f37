import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Verifying Kassa's webhooks in a Node receiver. Standalone (node:crypto only) so that a
 * merchant can copy this file as is. The scheme is the seed's: X-Signature = hex
 * HMAC-SHA256(webhook_secret, X-Timestamp + raw body).
 */

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

export type VerifyWebhookResult =
  | { ok: true; event: WebhookEvent }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' | 'not_json' }

/** The seed's webhook body; amounts are JSON numbers, parse the raw body yourself for exact decimals. */
export interface WebhookEvent {
  event: string
  payment_id: string | null
  order_id: string | null
  amount: number | null
  amount_received: number | null
  currency: string | null
  tx_hash: string | null
  confirmed_at: string | null
  status: string | null
  metadata: unknown
}

/** hex HMAC-SHA256(secret, timestamp + body): what Kassa puts in X-Signature. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('hex')
}

/**
 * Checks a webhook before you act on it. Pass the body exactly as received (the bytes, not a
 * re-serialised object), the request headers, and your webhook secret. During a secret
 * rotation pass both, `[newSecret, oldSecret]`: either is accepted. Kassa signs with the new
 * secret and, for the grace period, also sends X-Signature-Previous made with the old one, so a
 * receiver that still holds only the old secret keeps working until it is updated.
 *
 * `toleranceSeconds` (default 300) bounds the age of X-Timestamp, so a captured request cannot
 * be replayed later; every attempt is signed afresh, so retries pass. 0 turns the check off.
 * Deduplicate on the X-Kassa-Event-Id header: delivery is at least once.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  toleranceSeconds = 300,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): VerifyWebhookResult {
  const timestamp = header(headers, 'x-timestamp')
  const signatures = [header(headers, 'x-signature'), header(headers, 'x-signature-previous')].filter((s): s is string => !!s)
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'missing_headers' }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' }
  if (toleranceSeconds > 0 && Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale_timestamp' }
  const secrets = typeof secret === 'string' ? [secret] : secret
  let matched = false
  // Every comparison runs, so the time taken does not tell which secret or header matched.
  for (const s of secrets) {
    const expected = Buffer.from(webhookSignature(s, timestamp, rawBody), 'utf8')
    for (const given of signatures) {
      const g = Buffer.from(given.toLowerCase(), 'utf8')
      if (g.length === expected.length && timingSafeEqual(g, expected)) matched = true
    }
  }
  if (!matched) return { ok: false, reason: 'bad_signature' }
  try {
    const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8')
    return { ok: true, event: JSON.parse(text) as WebhookEvent }
  } catch {
    return { ok: false, reason: 'not_json' }
  }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  const key = Object.keys(record).find((k) => k.toLowerCase() === name)
  const v = key === undefined ? undefined : record[key]
  const s = Array.isArray(v) ? v[0] : v
  return s === '' ? undefined : s
}
