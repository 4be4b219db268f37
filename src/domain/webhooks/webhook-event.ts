/**
 * A webhook event's delivery state: pending → sending → delivered | failed | skipped (the store
 * has no webhook URL); a resend opens it again as pending.
 */
export const WEBHOOK_EVENT_STATUSES = ['pending', 'sending', 'delivered', 'failed', 'skipped'] as const
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number]

export function isWebhookEventStatus(text: string): text is WebhookEventStatus {
  return (WEBHOOK_EVENT_STATUSES as readonly string[]).includes(text)
}

/**
 * One event of the outbox, written in the same transaction as the payment status change it
 * reports. `body` is the exact text sent, byte for byte the same in every attempt.
 */
export interface WebhookEvent {
  /** Increasing in the order events happened: delivery and the event feed keep it. */
  id: number
  storeId: string
  paymentId: string
  /** payment.confirming, payment.completed, … */
  event: string
  body: string
  status: WebhookEventStatus
  /** Attempts of the current delivery; a resend starts again from 0. */
  attempts: number
  /** When the next retry is due (epoch ms); 0 when none is planned. */
  nextAttemptAt: number
  /** The current delivery's id (X-Kassa-Delivery); null before the first claim. */
  deliveryId: string | null
  createdAt: number
}

/** One HTTP attempt of a delivery, kept for the merchant's log and the operator. */
export interface WebhookAttempt {
  /** Null for a `webhook.test` event, which is sent once and never stored as an event. */
  eventId: number | null
  storeId: string
  deliveryId: string
  url: string
  attemptedAt: number
  /** Null when no answer came: timeout, refused connection, refused address. */
  statusCode: number | null
  latencyMs: number
  error: string | null
  /** The first 1 KiB of the answer's body. */
  responseExcerpt: string | null
}
