import type { FastifyInstance, FastifyRequest } from 'fastify'
import { displayAmount } from '../../money/index.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { createRefund } from '../../services/refunds/create-refund.js'
import { paymentRefunds } from '../../services/refunds/refund-queries.js'
import { refundJson } from '../presenters/refund-json.js'
import { authHeaders, errorEnvelope, paymentIdParams } from '../schemas/merchant-schemas.js'
import type { PaymentIdParams } from '../schemas/merchant-schemas.js'
import { createRefundBody, refundCreatedResponse, refundListResponse } from '../schemas/refund-schemas.js'
import type { CreateRefundBody } from '../schemas/refund-schemas.js'

const security = [{ MerchantSignature: [] }]
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope }

export interface RefundApiRouteDeps {
  engine: PaymentEngineDeps
  publicUrl: string
}

/**
 * Refunds on the Merchant API (a Kassa extension, docs/API.md "Refunds"). Registered inside
 * merchantApiRoutes, so the same signature hook, error envelope and store scoping apply.
 */
export async function refundApiRoutes(app: FastifyInstance, opts: RefundApiRouteDeps): Promise<void> {
  const { engine, publicUrl } = opts

  app.post<{ Params: PaymentIdParams; Body: CreateRefundBody }>(
    '/payment/:payment_id/refund',
    {
      schema: {
        summary: 'Refund a payment (Kassa extension)',
        description:
          'Completed, overpaid and underpaid payments. `amount` defaults to everything still refundable (received less refunds not failed). With `address` the refund is queued at once; without, the buyer enters it at `refund_url`. 201 with the refund.',
        tags: ['Merchant API'],
        security,
        headers: authHeaders,
        params: paymentIdParams,
        body: createRefundBody,
        response: { 201: refundCreatedResponse, ...errors },
      },
      // Every field is optional, so no body at all is a refund of everything refundable: `{}`.
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {}
      },
    },
    async (req, reply) => {
      const b = req.body
      const refund = await createRefund(engine, req.store, req.params.payment_id, {
        amount: b.amount,
        address: b.address,
        reason: b.reason,
      })
      return reply.code(201).send({ success: true, data: refundJson(publicUrl, refund) })
    },
  )

  app.get(
    '/payment/:payment_id/refunds',
    {
      schema: {
        summary: "A payment's refunds (Kassa extension)",
        description: 'Oldest first, with what is still refundable and what has reached the buyer (confirmed refunds).',
        tags: ['Merchant API'],
        security,
        headers: authHeaders,
        params: paymentIdParams,
        response: { 200: refundListResponse, ...errors },
      },
    },
    async (req: FastifyRequest<{ Params: PaymentIdParams }>) => {
      const r = await paymentRefunds(engine, req.store.id, req.params.payment_id)
      return {
        success: true,
        data: {
          refunds: r.refunds.map((x) => refundJson(publicUrl, x)),
          amount_refundable: displayAmount(r.refundable, r.payment.currency),
          amount_refunded: displayAmount(r.refunded, r.payment.currency),
          currency: r.payment.currency,
        },
      }
    },
  )
}
