import type { WebhookAttemptRow, WebhookEventRow } from '../../db/repositories/webhook-repository.js'
import { isoSeconds } from '../../http/presenters/amount-format.js'

/**
 * Webhook events and attempts as JSON text, for the operator routes and `kassa webhooks
 * --json`. The stored body is spliced in verbatim (`payload`), so its exact numbers are the
 * ones the receiver got.
 */
export function webhookEventJson(e: WebhookEventRow): string {
  return '{' + [
    `"event_id":${JSON.stringify(String(e.id))}`,
    `"store_id":${JSON.stringify(e.store_id)}`,
    `"payment_id":${JSON.stringify(e.payment_id)}`,
    `"event":${JSON.stringify(e.event)}`,
    `"status":${JSON.stringify(e.status)}`,
    `"attempts":${e.attempts}`,
    `"next_attempt_at":${e.status === 'pending' && e.next_attempt_at > 0 ? JSON.stringify(isoSeconds(e.next_attempt_at)) : 'null'}`,
    `"delivery_id":${JSON.stringify(e.delivery_id)}`,
    `"created_at":${JSON.stringify(isoSeconds(e.created_at))}`,
    `"payload":${e.body}`,
  ].join(',') + '}'
}

export function webhookAttemptJson(a: WebhookAttemptRow): Record<string, unknown> {
  return {
    attempted_at: new Date(a.attempted_at).toISOString(),
    delivery_id: a.delivery_id,
    url: a.url,
    status_code: a.status_code,
    latency_ms: a.latency_ms,
    error: a.error,
    response_excerpt: a.response_excerpt,
  }
}
