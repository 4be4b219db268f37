import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isPaymentStatus } from '../../domain/payments/payment-status.js'
import { isCurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { stringifyExact } from '../../serialization/exact-json.js'
import { parseJsonWithExactNumbers } from '../../serialization/exact-json-parse.js'
import { createPayment } from '../../services/payments/create-payment.js'
import type { CreatedPayment } from '../../services/payments/create-payment.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { getPayment, listPayments, storeBalances } from '../../services/payments/payment-queries.js'
import type { SignatureReplayGuard } from '../../services/signature-replay-guard.js'
import type { StoreService } from '../../services/store-service.js'
import type { WebhookService } from '../../services/webhooks/webhook-service.js'
import { AuthSignatureReplayedError, RequestInvalidError } from '../../errors/index.js'
import { hmacAuthHook } from '../plugins/hmac-auth.js'
import { rejectUnparsedBody } from '../plugins/raw-body.js'
import { displayNumber } from '../presenters/amount-format.js'
import { createdPaymentJson, paymentStatusJson, selectingJson } from '../presenters/payment-json.js'
import { registerEventsRoute } from './events-route.js'
import { refundApiRoutes } from './refund-api-routes.js'
import {
  authHeaders,
  createPaymentBody,
  createPaymentHeaders,
  errorEnvelope,
  listPaymentsQuery,
  paymentIdParams,
} from '../schemas/merchant-schemas.js'
import type { CreatePaymentBody, ListPaymentsQuery, PaymentIdParams } from '../schemas/merchant-schemas.js'

const security = [{ MerchantSignature: [] }]
const errors = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope }

/** What the signed Merchant API uses. */
export interface MerchantApiRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  /** Stores and their API credentials: the signature check's keys. */
  stores: StoreService
  /** Signatures already used: a state-changing request is accepted once per signature. */
  signatures: SignatureReplayGuard
  rates: RateService
  /** The event feed (GET /events). */
  webhooks: WebhookService
  publicUrl: string
  /** Runs a read after the turn's I/O (DatabaseHandle.afterTurnReads on SQLite: status reads share one change check per event-loop turn). */
  afterTurnReads: <T>(work: () => Promise<T>) => Promise<T>
}

/** The signed Merchant API (seed: 決済の作成, 決済ステータス, 決済一覧, マーチャント残高). */
export async function merchantApiRoutes(app: FastifyInstance, opts: MerchantApiRouteDeps): Promise<void> {
  const { engine, stores, signatures, rates, webhooks, publicUrl, afterTurnReads } = opts
  app.decorateRequest('store', null as never)
  app.decorateRequest('signatureToRecord', undefined)
  const verifySignature = hmacAuthHook(stores, signatures, engine.now)
  // A create records its signature in its own transaction (config.recordsSignature); one that
  // fails, before or inside it, has used the signature all the same (docs/API.md "Replays").
  // Then the error goes on to the app's handler.
  app.setErrorHandler(async (err, req) => {
    const use = req.signatureToRecord
    req.signatureToRecord = undefined
    if (use !== undefined && !(err instanceof AuthSignatureReplayedError) && !(await signatures.firstUse(use))) {
      throw new AuthSignatureReplayedError()
    }
    throw err
  })
  // One hook rather than two: each async hook costs a promise and a microtask turn per request.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    await verifySignature(req)
    rejectUnparsedBody(req)
  })

  app.post(
    '/payment/create',
    {
      schema: {
        summary: 'Create a payment',
        description:
          'One store currency (or `currency` given): the payment is created at once. Several: `selecting` with a selection payment_url. Honours Idempotency-Key.',
        tags: ['Merchant API'],
        security,
        headers: createPaymentHeaders,
        body: createPaymentBody,
        response: errors,
      },
      config: { recordsSignature: true },
    },
    async (req: FastifyRequest<{ Body: CreatePaymentBody }>, reply: FastifyReply) => {
      const body = req.body
      if (body === undefined || body === null) throw new RequestInvalidError('Request body is required: a JSON object with amount.')
      const idemKey = req.headers['idempotency-key']
      if (idemKey !== undefined && (typeof idemKey !== 'string' || idemKey.length === 0 || idemKey.length > 255)) {
        throw new RequestInvalidError('Idempotency-Key must be 1–255 characters.')
      }
      // With a key, the response is rendered once inside the transaction, stored, and sent as is.
      let rendered: string | undefined
      const render = (r: CreatedPayment) => {
        rendered = stringifyExact({ success: true, data: resultJson(publicUrl, r) })
        return { status: 200, body: rendered }
      }
      // JSON.parse has already read number amounts as floats; take their source text instead.
      const exact =
        typeof body.amount === 'number' || typeof body.fiat_amount === 'number'
          ? (parseJsonWithExactNumbers(req.rawBody) as Record<string, unknown>)
          : body
      const result = await createPayment(engine, rates, req.store, {
        amount: exact.amount as string | undefined,
        fiatAmount: exact.fiat_amount as string | undefined,
        fiatCurrency: body.fiat_currency,
        currency: body.currency,
        orderId: body.order_id,
        metadata: body.metadata as Record<string, unknown> | undefined,
        redirectUrl: body.redirect_url,
        source: 'api',
        idempotency: idemKey === undefined ? undefined : { key: idemKey, body: req.rawBody, render },
        signature: req.signatureToRecord,
      })
      req.signatureToRecord = undefined
      if (result.kind === 'replay') {
        void reply.header('idempotent-replayed', 'true')
        return reply.code(result.status).type('application/json; charset=utf-8').send(result.body)
      }
      if (rendered !== undefined) return reply.type('application/json; charset=utf-8').send(rendered)
      return { success: true, data: resultJson(publicUrl, result) }
    },
  )

  app.get(
    '/payment/:payment_id',
    {
      schema: {
        summary: 'Payment status',
        tags: ['Merchant API'],
        security,
        headers: authHeaders,
        params: paymentIdParams,
        response: errors,
      },
    },
    async (req: FastifyRequest<{ Params: PaymentIdParams }>) => {
      const read = () => getPayment(engine, req.store.id, req.params.payment_id)
      const payment = await afterTurnReads(read)
      return { success: true, data: paymentStatusJson(payment) }
    },
  )

  app.get(
    '/payments',
    {
      schema: {
        summary: 'List payments',
        description: 'Newest first. `data.payments` holds the page; `data.pagination` the page, per_page, total and total_pages.',
        tags: ['Merchant API'],
        security,
        headers: authHeaders,
        querystring: listPaymentsQuery,
        response: errors,
      },
    },
    async (req: FastifyRequest<{ Querystring: ListPaymentsQuery }>) => {
      const page = Number(req.query.page ?? 1)
      const perPage = Number(req.query.per_page ?? 20)
      // The schema admits only known statuses and currencies; the guards tell the compiler so.
      const { status, currency } = req.query
      const { payments, total } = await listPayments(engine, req.store.id, {
        page,
        perPage,
        status: status !== undefined && isPaymentStatus(status) ? status : undefined,
        currency: currency !== undefined && isCurrencyCode(currency) ? currency : undefined,
      })
      return {
        success: true,
        data: {
          payments: payments.map(paymentStatusJson),
          pagination: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
        },
      }
    },
  )

  app.get(
    '/merchant/balance',
    {
      schema: {
        summary: 'Merchant balance per currency, from the ledger',
        tags: ['Merchant API'],
        security,
        headers: authHeaders,
        response: errors,
      },
    },
    async (req: FastifyRequest) => {
      const balances = await storeBalances(engine, req.store)
      const data: Record<string, unknown> = {}
      for (const [currency, b] of balances) {
        data[currency] = {
          available: displayNumber(b.available, currency),
          pending: displayNumber(b.pending, currency),
          total_received: displayNumber(b.totalReceived, currency),
          total_withdrawn: displayNumber(b.totalWithdrawn, currency),
          total_commission: displayNumber(b.totalCommission, currency),
        }
      }
      return { success: true, data }
    },
  )

  registerEventsRoute(app, webhooks)
  // A child plugin: the signature hook above applies to it too.
  await app.register(refundApiRoutes, { engine, publicUrl })
}

function resultJson(url: string, r: CreatedPayment) {
  return r.kind === 'payment' ? createdPaymentJson(r.payment, url) : selectingJson(r.selection, r.currencies, url, r.testMode)
}
