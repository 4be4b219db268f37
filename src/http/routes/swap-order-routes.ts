import type { FastifyInstance } from 'fastify'
import { checkOrder, deleteOrder } from '../../services/swap/check-order.js'
import { createSplitOrder } from '../../services/swap/create-split-order.js'
import { createExchangeOrder } from '../../services/swap/create-exchange-order.js'
import type { ExchangeDeps } from '../../services/swap/create-exchange-order.js'
import { parseHundredths } from '../../domain/swap/swap-fields.js'
import { validateSignature } from '../../services/swap/validate-signature.js'
import { usdPrice } from '../../rates/index.js'
import type { RateService } from '../../rates/index.js'
import type { SwapDeps } from '../../services/swap/swap-deps.js'
import { swapValidateErrorBody } from '../error-envelope.js'
import { swapCaller } from '../plugins/swap-auth.js'
import { swapBody } from '../plugins/swap-scope.js'
import { swapErrorSchema, swapJsonBody, swapPrettyQuery } from '../schemas/swap-schemas.js'

export interface SwapOrderRouteDeps {
  /** What the Swap API's use cases (services/swap) take. */
  swap: SwapDeps
  /** USD prices for the exchange's limits. */
  rates: RateService
  /** The exchange's default service fee in percent (KASSA_SWAP_EXCHANGE_FEE). */
  exchangeDefaultFee: string
}

/** POST /v1/mixer/orders (split payouts), /v1/orders/check, /v1/orders/delete and /v1/validate. */
export async function swapOrderRoutes(app: FastifyInstance, opts: SwapOrderRouteDeps): Promise<void> {
  const { swap, rates } = opts
  const tags = ['Swap API']
  const exchange: ExchangeDeps = {
    ...swap,
    defaultFeeHundredths: parseHundredths('KASSA_SWAP_EXCHANGE_FEE', opts.exchangeDefaultFee),
    usdPrice: async (asset) => usdPrice(await rates.getRates(), asset),
  }
  app.post(
    '/mixer/orders',
    {
      schema: {
        summary: 'Create a split-payout order',
        description:
          'crypto/network, amount, 1–10 addresses with percent (≤ 2 decimals, sum 100.00), delay (minutes or "Xh Ym", ≤ 48h), destination_tag on XRP/TON; optional service_fee (0.10–5.00), partner, qrcode. Returns the deposit address, fees, planned outputs and signature_text.',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        body: swapJsonBody,
        response: swapErrorSchema,
      },
    },
    async (req) => createSplitOrder(swap, swapCaller(req), swapBody(req)),
  )

  app.post(
    '/orders/check',
    {
      schema: {
        summary: 'Funding, schedule and outputs of an order',
        description:
          'trackcode; optional type (mixer | exchange), outputs (none | summary | full, default summary), mask_addresses (default true).',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        body: swapJsonBody,
        response: swapErrorSchema,
      },
    },
    async (req) => checkOrder(swap, swapCaller(req), swapBody(req)),
  )

  app.post(
    '/orders/delete',
    {
      schema: {
        summary: 'Delete an order: it leaves the API for good',
        description: 'trackcode; optional type. An order already deleted or unknown: 404 NOT_FOUND.',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        body: swapJsonBody,
        response: swapErrorSchema,
      },
    },
    async (req) => deleteOrder(swap, swapCaller(req), swapBody(req)),
  )

  app.post(
    '/validate',
    {
      schema: {
        summary: 'Validate a signature_text',
        description:
          'signature: the BEGIN/END DIGITAL SIGNATURE block or its bare base64. Errors use `error` in place of `code`: BAD_REQUEST, INVALID_SIGNATURE, DECRYPTION_FAILED, INVALID_PAYLOAD, MISSING_TRACKCODE, NOT_FOUND.',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        body: swapJsonBody,
      },
      config: { swapEnvelope: swapValidateErrorBody },
    },
    async (req) => validateSignature(swap, swapBody(req)),
  )

  app.post(
    '/exchange/orders',
    {
      schema: {
        summary: 'Create an exchange order',
        description:
          'from_coin/from_network, to_coin/to_network, to_address (destination_tag on XRP, memo on TON), amount; optional service_fee (bounded to 0.50–3.00 and never under the default), partner, qrcode. Limits are in USD per pair.',
        tags,
        security: [{ swapBearer: [] }],
        querystring: swapPrettyQuery,
        body: swapJsonBody,
        response: swapErrorSchema,
      },
    },
    async (req) => createExchangeOrder(exchange, swapCaller(req), swapBody(req)),
  )
}
