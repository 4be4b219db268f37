import type { WebhookAttempt, WebhookEvent } from '../domain/webhooks/webhook-event.js'
import { isoSeconds } from '../serialization/iso-seconds.js'

/**
 * A webhook event as `kassa webhooks … --json` prints it, as JSON text: the stored body is
 * spliced in verbatim (`payload`), so its exact numbers are the ones the receiver got.
 */
export function webhookEventJson(e: WebhookEvent): string {
  return (
    '{' +
    [
      `"event_id":${JSON.stringify(String(e.id))}`,
      `"store_id":${JSON.stringify(e.storeId)}`,
      `"payment_id":${JSON.stringify(e.paymentId)}`,
      `"event":${JSON.stringify(e.event)}`,
      `"status":${JSON.stringify(e.status)}`,
      `"attempts":${e.attempts}`,
      `"next_attempt_at":${e.status === 'pending' && e.nextAttemptAt > 0 ? JSON.stringify(isoSeconds(e.nextAttemptAt)) : 'null'}`,
      `"delivery_id":${JSON.stringify(e.deliveryId)}`,
      `"created_at":${JSON.stringify(isoSeconds(e.createdAt))}`,
      `"payload":${e.body}`,
    ].join(',') +
    '}'
  )
}

/** One delivery attempt, for `kassa webhooks show` (its --json and its text lines). */
export function webhookAttemptJson(a: WebhookAttempt) {
  return {
    attempted_at: new Date(a.attemptedAt).toISOString(),
    delivery_id: a.deliveryId,
    url: a.url,
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    error: a.error,
    response_excerpt: a.responseExcerpt,
  }
}

/** One event on one line: id, time, event, status, attempts, next attempt, payment, store. */
export function describeEvent(e: WebhookEvent): string {
  const next = e.status === 'pending' && e.nextAttemptAt > 0 ? `, next attempt ${isoSeconds(e.nextAttemptAt)}` : ''
  return `${String(e.id).padEnd(8)} ${isoSeconds(e.createdAt)}  ${e.event.padEnd(18)} ${e.status.padEnd(9)} attempts ${e.attempts}${next}  payment ${e.paymentId}  store ${e.storeId}`
}
