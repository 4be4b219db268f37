import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebhookService } from '../../services/webhooks/webhook-service.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'
import { eventsQuery } from '../schemas/event-schemas.js'
import type { EventsQuery } from '../schemas/event-schemas.js'
import { authHeaders, errorEnvelope } from '../schemas/merchant-schemas.js'

/**
 * GET /api/v1/events: the store's webhook events in order, for a merchant whose endpoint was
 * down to catch up without the dashboard. Registered inside the Merchant API plugin, so it is
 * signed exactly like the rest of it. Each `payload` is the webhook body, byte for byte.
 */
export function registerEventsRoute(app: FastifyInstance, webhooks: WebhookService): void {
  app.get(
    '/events',
    {
      schema: {
        summary: 'Event feed',
        description:
          'The webhook events of the store, oldest first, after the cursor `after` (0 or omitted: from the start). ' +
          '`data.events[].payload` is the webhook body exactly as sent; `data.next_cursor` goes into `after` next time; ' +
          '`data.has_more` says whether another page is ready now.',
        tags: ['Merchant API'],
        security: [{ MerchantSignature: [] }],
        headers: authHeaders,
        querystring: eventsQuery,
        response: { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope },
      },
    },
    async (req: FastifyRequest<{ Querystring: EventsQuery }>, reply: FastifyReply) => {
      const limit = Number(req.query.limit ?? 100)
      const page = await webhooks.feed(req.store.id, Number(req.query.after ?? 0), limit)
      const events = page.events.map(
        (e) =>
          '{' +
          [
            `"event_id":${JSON.stringify(String(e.id))}`,
            `"event":${JSON.stringify(e.event)}`,
            `"payment_id":${JSON.stringify(e.paymentId)}`,
            `"created_at":${JSON.stringify(isoSeconds(e.createdAt))}`,
            `"payload":${e.body}`,
          ].join(',') +
          '}',
      )
      const text =
        `{"success":true,"data":{"events":[${events.join(',')}],` +
        `"next_cursor":${JSON.stringify(String(page.nextCursor))},"has_more":${page.events.length === limit}}}`
      return reply.type('application/json; charset=utf-8').send(text)
    },
  )
}
