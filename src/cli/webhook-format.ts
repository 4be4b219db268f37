import type { WebhookEvent } from '../domain/webhooks/webhook-event.js'
import { isoSeconds } from '../serialization/iso-seconds.js'

/** One event on one line: id, time, event, status, attempts, next attempt, payment, store. */
export function describeEvent(e: WebhookEvent): string {
  const next = e.status === 'pending' && e.nextAttemptAt > 0 ? `, next attempt ${isoSeconds(e.nextAttemptAt)}` : ''
  return `${String(e.id).padEnd(8)} ${isoSeconds(e.createdAt)}  ${e.event.padEnd(18)} ${e.status.padEnd(9)} attempts ${e.attempts}${next}  payment ${e.paymentId}  store ${e.storeId}`
}
