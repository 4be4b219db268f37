import type { FastifyInstance } from 'fastify'
import type { Kassa } from '../../app/kassa.js'
import { createSplitOrder } from '../../services/swap/create-split-order.js'
import { swapCaller } from '../plugins/swap-auth.js'
import { swapBody } from '../plugins/swap-scope.js'
import { swapErrorSchema, swapJsonBody, swapPrettyQuery } from '../schemas/swap-schemas.js'

/** POST /v1/mixer/orders (split payouts). */
export async function swapOrderRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  const { kassa } = opts
  const tags = ['Swap API']
  app.post('/mixer/orders', {
    schema: {
      summary: 'Create a split-payout order',
      description: 'crypto/network, amount, 1–10 addresses with percent (≤ 2 decimals, sum 100.00), delay (minutes or "Xh Ym", ≤ 48h), destination_tag on XRP/TON; optional service_fee (0.10–5.00), partner, qrcode. Returns the deposit address, fees, planned outputs and signature_text.',
      tags,
      security: [{ swapBearer: [] }],
      querystring: swapPrettyQuery,
      body: swapJsonBody,
      response: swapErrorSchema,
    },
  }, async (req) => createSplitOrder(kassa.swap, swapCaller(req), swapBody(req)))
}
