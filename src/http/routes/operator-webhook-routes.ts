import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebhookService } from '../../services/webhooks/webhook-service.js'
import { webhookAttemptJson, webhookEventJson } from '../presenters/webhook-json.js'
import { eventIdParams, operatorEventsQuery, operatorRoute, storeIdParams } from '../schemas/event-schemas.js'
import type { EventIdParams, OperatorEventsQuery, StoreIdParams } from '../schemas/event-schemas.js'

export interface OperatorWebhookRouteDeps {
  webhooks: WebhookService
}

/**
 * The operator's webhook tools: list events, see every attempt, resend, send a test event.
 * Inside the /operator/v1 scope (operator-api-routes.ts), behind its Bearer token.
 */
export async function operatorWebhookRoutes(app: FastifyInstance, opts: OperatorWebhookRouteDeps): Promise<void> {
  const { webhooks } = opts
  const json = (reply: FastifyReply, text: string) => reply.type('application/json; charset=utf-8').send(text)

  app.get(
    '/webhooks/events',
    {
      schema: { summary: 'List webhook events, newest first', ...operatorRoute, querystring: operatorEventsQuery },
    },
    async (req: FastifyRequest<{ Querystring: OperatorEventsQuery }>, reply) => {
      const rows = await webhooks.list({
        storeId: req.query.store_id,
        paymentId: req.query.payment_id,
        status: req.query.status,
        limit: Number(req.query.limit ?? 50),
      })
      return json(reply, `{"success":true,"data":{"events":[${rows.map(webhookEventJson).join(',')}]}}`)
    },
  )

  app.get(
    '/webhooks/events/:event_id',
    {
      schema: { summary: 'A webhook event and every attempt to deliver it', ...operatorRoute, params: eventIdParams },
    },
    async (req: FastifyRequest<{ Params: EventIdParams }>, reply) => {
      const { event, attempts } = await webhooks.show(req.params.event_id)
      return json(
        reply,
        `{"success":true,"data":{"event":${webhookEventJson(event)},"attempts":${JSON.stringify(attempts.map(webhookAttemptJson))}}}`,
      )
    },
  )

  app.post(
    '/webhooks/events/:event_id/resend',
    {
      schema: {
        summary: 'Resend a webhook event',
        description:
          'A new delivery (new X-Kassa-Delivery, same X-Kassa-Event-Id and body) with its own retries. 409 while an attempt is in flight.',
        ...operatorRoute,
        params: eventIdParams,
      },
    },
    async (req: FastifyRequest<{ Params: EventIdParams }>, reply) => {
      const event = await webhooks.resend(req.params.event_id)
      return json(reply, `{"success":true,"data":{"event":${webhookEventJson(event)}}}`)
    },
  )

  app.post(
    '/stores/:store_id/webhooks/test',
    {
      schema: {
        summary: "Send a test event to a store's webhook URL",
        description:
          "Sends one signed `webhook.test` event now and answers with the receiver's status code, latency and the first 1 KiB of its answer.",
        ...operatorRoute,
        params: storeIdParams,
      },
    },
    async (req: FastifyRequest<{ Params: StoreIdParams }>) => {
      const r = await webhooks.sendTest(req.params.store_id)
      return {
        success: true,
        data: {
          delivered: r.ok,
          url: r.url,
          delivery_id: r.deliveryId,
          status_code: r.statusCode,
          latency_ms: r.latencyMs,
          error: r.error,
          response_excerpt: r.excerpt,
        },
      }
    },
  )
}
