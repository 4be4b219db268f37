import Fastify, { LogController } from 'fastify'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify'
import type { Logger } from 'pino'
import type { KassaConfig } from '../config/index.js'
import { RouteNotFoundError } from '../errors/index.js'
import { stringifyExact } from '../serialization/exact-json.js'
import { merchantErrorBody, toErrorResponse } from './error-envelope.js'
import { answerClientError, timeoutOptions } from './plugins/client-errors.js'
import { refuseUntrustedInput } from './plugins/input-guard.js'
import { registerOpenApi } from './plugins/openapi.js'
import { registerRawBodyParsers } from './plugins/raw-body.js'
import { registerRateLimits } from './plugins/rate-limits.js'
import type { RateLimitCounters } from './plugins/rate-limits.js'
import { checkoutRoutes } from './routes/checkout-routes.js'
import { lazyAjvValidators } from './plugins/lazy-validators.js'
import type { CheckoutRouteDeps } from './routes/checkout-routes.js'
import { donationRoutes } from './routes/donation-routes.js'
import type { DonationRouteDeps } from './routes/donation-routes.js'
import { refundPageRoutes } from './routes/refund-page-routes.js'
import type { RefundPageRouteDeps } from './routes/refund-page-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { pageAssetRoutes } from './routes/page-asset-routes.js'
import { paymentLinkRoutes } from './routes/payment-link-routes.js'
import type { PaymentLinkRouteDeps } from './routes/payment-link-routes.js'
import type { HealthRouteDeps } from './routes/health-routes.js'
import { merchantApiRoutes } from './routes/merchant-api-routes.js'
import type { MerchantApiRouteDeps } from './routes/merchant-api-routes.js'
import { operatorApiRoutes } from './routes/operator-api-routes.js'
import type { OperatorApiDeps } from './routes/operator-api-routes.js'
import { ratesRoutes } from './routes/rates-routes.js'
import type { RatesRouteDeps } from './routes/rates-routes.js'
import { sendErrorPage, wantsErrorPage } from './routes/public-form.js'
import { widgetRoutes } from './routes/widget-routes.js'
import type { WidgetRouteDeps } from './routes/widget-routes.js'
import { swapApiRoutes } from './routes/swap-api-routes.js'
import type { SwapApiDeps } from './routes/swap-api-routes.js'
import { dashboardRoutes } from './routes/dashboard/dashboard-routes.js'
import type { DashboardDeps } from './routes/dashboard/dashboard-routes.js'

/**
 * What the HTTP app is built from: the server's settings and, per route group, exactly what
 * its plugin uses. app/route-deps.ts builds it from a running Kassa.
 */
export interface HttpAppDeps {
  log: Logger
  /** Per-request log lines at debug and trace only; the body limit; the URL the docs name. */
  server: Pick<KassaConfig, 'logLevel' | 'bodyLimit' | 'publicUrl' | 'http' | 'rateLimitAllow'>
  /**
   * Where the public rate limits count: the database's counters when several instances may
   * share it (PostgreSQL), so they share each limit; undefined counts in this process's memory.
   */
  rateLimitCounters: RateLimitCounters | undefined
  health: HealthRouteDeps
  merchantApi: MerchantApiRouteDeps
  rates: RatesRouteDeps
  checkout: CheckoutRouteDeps
  widget: WidgetRouteDeps
  donation: DonationRouteDeps
  refundPage: RefundPageRouteDeps
  paymentLinks: PaymentLinkRouteDeps
  /** Undefined when KASSA_OPERATOR_TOKEN is unset: the operator API is not served at all. */
  operatorApi: OperatorApiDeps | undefined
  swapApi: SwapApiDeps
  dashboard: DashboardDeps
}

export interface HttpAppOptions {
  /** Serve /docs (Swagger UI); on by default, off in benchmarks of the bare app. */
  docs?: boolean
}

/**
 * The Fastify app: parsers, one error handler, the exact-number JSON serializer, and one
 * plugin per route group. Routes stay thin; the work happens in services/.
 */
export async function buildHttpApp(deps: HttpAppDeps, opts: HttpAppOptions = {}): Promise<FastifyInstance> {
  const { server } = deps
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request access lines only at debug: at info they would cost more than the requests.
    logController: new LogController({ disableRequestLogging: server.logLevel !== 'debug' && server.logLevel !== 'trace' }),
    bodyLimit: server.bodyLimit,
    // Half-sent requests are cut off (slowloris); malformed ones answer in the seed's envelope.
    ...timeoutOptions(server.http),
    clientErrorHandler: answerClientError,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: lazyAjvValidators() } },
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed URL, an over-long path parameter)
    // bypass setErrorHandler; they get the same envelope here.
    frameworkErrors: (err, req, res) => {
      const e = toErrorResponse(err)
      const reply = res as FastifyReply
      if (wantsErrorPage(req)) return void sendErrorPage(req, reply, err)
      void reply
        .code(e.status)
        .type('application/json; charset=utf-8')
        .send(stringifyExact(merchantErrorBody(e)))
    },
  })
  registerRawBodyParsers(app, server.bodyLimit)
  app.setReplySerializer((payload) => stringifyExact(payload))
  app.setSerializerCompiler(() => (data) => stringifyExact(data))

  app.setErrorHandler((err, req, reply) => {
    const e = toErrorResponse(err)
    if (e.status >= 500) req.log.error({ err }, 'request failed')
    else req.log.debug({ code: e.code, msg: e.message }, 'request refused')
    if (wantsErrorPage(req)) return sendErrorPage(req, reply, err)
    return reply
      .code(e.status)
      .type('application/json; charset=utf-8')
      .send(stringifyExact(merchantErrorBody(e)))
  })
  app.setNotFoundHandler((req, reply) => {
    const err = new RouteNotFoundError(req.method, req.url)
    if (wantsErrorPage(req)) return sendErrorPage(req, reply, err)
    const e = toErrorResponse(err)
    return reply.code(e.status).send(merchantErrorBody(e))
  })

  await registerRateLimits(app, deps.rateLimitCounters, server.rateLimitAllow)
  if (opts.docs !== false) await registerOpenApi(app, server.publicUrl)
  // Before any route group: every group inherits the one edge check of its input.
  app.addHook('preHandler', refuseUntrustedInput)

  await app.register(healthRoutes, deps.health)
  await app.register(merchantApiRoutes, { prefix: '/api/v1', ...deps.merchantApi })
  await app.register(ratesRoutes, { prefix: '/api/v1', ...deps.rates })
  await app.register(pageAssetRoutes)
  await app.register(checkoutRoutes, deps.checkout)
  await app.register(widgetRoutes, deps.widget)
  await app.register(donationRoutes, deps.donation)
  await app.register(refundPageRoutes, deps.refundPage)
  await app.register(paymentLinkRoutes, deps.paymentLinks)
  // No token, no operator routes: they answer 404 like any unknown path.
  if (deps.operatorApi !== undefined) await app.register(operatorApiRoutes, { prefix: '/operator/v1', ...deps.operatorApi })
  await app.register(swapApiRoutes, { prefix: '/v1', ...deps.swapApi })
  await app.register(dashboardRoutes, { prefix: '/dashboard', ...deps.dashboard })
  return app
}
