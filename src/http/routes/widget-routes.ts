import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { originAllowed } from '../../domain/stores/page-settings.js'
import type { Store } from '../../domain/stores/store.js'
import { RequestInvalidError, StoreKeyNotFoundError } from '../../errors/index.js'
import type { RateService } from '../../rates/index.js'
import type { PageSettingsService } from '../../services/page-settings-service.js'
import { createWidgetPayment } from '../../services/payments/create-public-payment.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import type { StoreService } from '../../services/store-service.js'
import { clientScript } from '../../web/client-scripts.js'
import { merchantErrorBody, toErrorResponse } from '../error-envelope.js'
import { rejectUnparsedBody } from '../plugins/raw-body.js'
import { createdPaymentJson, selectingJson } from '../presenters/payment-json.js'
import { sendServedText } from '../served-text.js'
import { publicCreateLimits } from './public-rate-limits.js'

/** A JSON number or a decimal string: the seed's sample passes `amount: 100.00`, a number. */
export const amountLike = { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'number' }] } as const

const widgetPaymentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['api_key'],
  properties: {
    api_key: { type: 'string', minLength: 1, maxLength: 100 },
    amount: amountLike,
    fiat_amount: amountLike,
    fiat_currency: { type: 'string', maxLength: 10 },
    order_id: { type: 'string', maxLength: 255 },
    metadata: { type: 'object' },
    redirect_url: { type: 'string', maxLength: 4096 },
  },
} as const

interface WidgetPaymentBody {
  api_key: string
  amount?: string | number
  fiat_amount?: string | number
  fiat_currency?: string
  order_id?: string
  metadata?: Record<string, unknown>
  redirect_url?: string
}

/** What the widget scripts and the pay widget's endpoint use. */
export interface WidgetRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  stores: StoreService
  pageSettings: PageSettingsService
  rates: RateService
  publicUrl: string
}

/**
 * /widget.js and /donate-widget.js, and the pay widget's public endpoint. Cross-origin by
 * design: CORS answers only an Origin the store allowed, so another site's page cannot even
 * read the refusal, let alone the payment.
 */
export async function widgetRoutes(app: FastifyInstance, opts: WidgetRouteDeps): Promise<void> {
  const { engine, stores, pageSettings, rates, publicUrl } = opts

  for (const name of ['widget.js', 'donate-widget.js'] as const) {
    app.get(`/${name}`, { schema: { hide: true } }, async (req, reply) => {
      // Loaded by the shops' own pages, from their origins.
      reply.header('cross-origin-resource-policy', 'cross-origin')
      // Short: shops embed the URL, so a Kassa upgrade must reach them within minutes.
      const cacheControl = 'public, max-age=300, stale-while-revalidate=86400'
      return sendServedText(req, reply, clientScript(name), 'text/javascript; charset=utf-8', cacheControl)
    })
  }

  // Preflight: the widget posts JSON, which browsers check first. Allowed origins only.
  app.options('/pay/widget', { schema: { hide: true } }, async (req, reply) => {
    reply.header('vary', 'origin')
    const origin = req.headers.origin
    if (origin) {
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600')
    }
    return reply.code(204).send()
  })

  app.post<{ Body: WidgetPaymentBody }>(
    '/pay/widget',
    {
      schema: {
        summary: 'Create a payment from the pay widget (public; store API key and an allowed Origin)',
        tags: ['Public'],
        body: widgetPaymentBody,
      },
      preHandler: publicCreateLimits(app, 'pay-widget'),
      errorHandler: (err, req, reply) => corsError(err, req, reply),
    },
    async (req, reply) => {
      rejectUnparsedBody(req)
      const origin = req.headers.origin
      const store = await storeByKey(stores, req.body.api_key)
      const settings = await pageSettings.get(store.id)
      if (originAllowed(settings, origin)) reply.header('access-control-allow-origin', origin).header('vary', 'origin')
      const b = req.body
      const r = await createWidgetPayment(engine, rates, store, settings, {
        origin,
        amount: amountText(b.amount, 'amount'),
        fiatAmount: amountText(b.fiat_amount, 'fiat_amount'),
        fiatCurrency: b.fiat_currency,
        orderId: b.order_id,
        metadata: b.metadata,
        redirectUrl: b.redirect_url,
      })
      const data =
        r.kind === 'payment' ? createdPaymentJson(r.payment, publicUrl) : selectingJson(r.selection, r.currencies, publicUrl, r.testMode)
      return { success: true, data }
    },
  )
}

export async function storeByKey(stores: StoreService, apiKey: string): Promise<Store> {
  const creds = await stores.credentialsByApiKey(apiKey)
  if (!creds) throw new StoreKeyNotFoundError()
  return creds.store
}

/**
 * The seed's widget sample passes `amount: 100.00`, a JS number, so the widget endpoint takes
 * numbers too. A number becomes its shortest decimal text, which for any amount a person
 * types (at most 15 significant digits) is exactly what they wrote; from then on it is parsed
 * as a decimal string into atomic units like every other amount.
 */
export function amountText(v: string | number | undefined, field: string): string | undefined {
  if (v === undefined) return undefined
  if (typeof v === 'string') return v
  if (!Number.isFinite(v) || Math.abs(v) >= 1e15) throw new RequestInvalidError(`${field} must be a decimal amount.`)
  return String(v)
}

/**
 * Refusals carry CORS headers for the calling origin, so the widget's onError gets the reason
 * ("This website (…) is not allowed …") instead of an opaque network error. The body says
 * nothing that origin could not learn by trying.
 */
async function corsError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const e = toErrorResponse(err)
  const origin = req.headers.origin
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin')
  if (e.status >= 500) req.log.error({ err }, 'request failed')
  return reply
    .code(e.status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(merchantErrorBody(e)))
}
