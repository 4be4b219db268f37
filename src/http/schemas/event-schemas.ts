import type { WebhookEventStatus } from '../../domain/webhooks/webhook-event.js'
import { errorEnvelope } from './merchant-schemas.js'

/**
 * Schemas of the event feed (GET /api/v1/events) and the operator's webhook routes; plain
 * JSON Schema like merchant-schemas.ts, with `description` as the "must be …" hint.
 */
const string = (props: Record<string, unknown> = {}) => ({ type: 'string', ...props })

export interface EventsQuery {
  after?: string
  limit?: string
}

export const eventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: string({ pattern: '^(0|[1-9][0-9]{0,15})$', description: 'an event id (next_cursor of the previous page), or 0 for the start' }),
    limit: string({ pattern: '^([1-9]|[1-9][0-9]|[12][0-9][0-9]|300)$', description: 'a whole number from 1 to 300' }),
  },
} as const

export interface OperatorEventsQuery {
  store_id?: string
  payment_id?: string
  /** The schema admits only these (WEBHOOK_EVENT_STATUSES). */
  status?: WebhookEventStatus
  limit?: string
}

export const operatorEventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    store_id: string({ maxLength: 200, description: 'a store id' }),
    payment_id: string({ maxLength: 200, description: 'a payment id' }),
    status: string({
      enum: ['pending', 'sending', 'delivered', 'failed', 'skipped'],
      description: 'one of pending, sending, delivered, failed, skipped',
    }),
    limit: string({ pattern: '^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$', description: 'a whole number from 1 to 500' }),
  },
} as const

export interface EventIdParams {
  event_id: string
}

export const eventIdParams = {
  type: 'object',
  required: ['event_id'],
  properties: { event_id: string({ maxLength: 40, description: 'a webhook event id' }) },
} as const

export interface StoreIdParams {
  store_id: string
}

export const storeIdParams = {
  type: 'object',
  required: ['store_id'],
  properties: { store_id: string({ maxLength: 200, description: 'a store id' }) },
} as const

export const operatorHeaders = {
  type: 'object',
  properties: { authorization: string({ description: 'Bearer <KASSA_OPERATOR_TOKEN>' }) },
} as const

/** What every operator route's schema shares: its tag, the token, and its refusals (Merchant API envelope). */
export const operatorRoute = {
  tags: ['Operator'],
  security: [{ OperatorToken: [] }],
  headers: operatorHeaders,
  response: { 400: errorEnvelope, 401: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope },
}
