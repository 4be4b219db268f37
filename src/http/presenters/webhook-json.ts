import type { WebhookAttempt, WebhookEvent } from '../../domain/webhooks/webhook-event.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'

/**
 * Webhook events and attempts as JSON text, for the operator routes and `kassa webhooks … --json`
 * (one view for both). The stored body is spliced in verbatim (`payload`), so its exact
 * numbers are the ones the receiver got.
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

export function webhookAttemptJson(a: WebhookAttempt): Record<string, unknown> {
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
