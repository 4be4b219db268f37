import Fastify, { LogController } from 'fastify'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify'
import type { Kassa } from '../app/kassa.js'
import { RouteNotFoundError } from '../errors/index.js'
import { stringifyExact } from '../serialization/exact-json.js'
import { merchantErrorBody, toErrorResponse } from './error-envelope.js'
import { registerOpenApi } from './plugins/openapi.js'
import { registerRawBodyParsers } from './plugins/raw-body.js'
import { checkoutRoutes } from './routes/checkout-routes.js'
import { donationRoutes } from './routes/donation-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { merchantApiRoutes } from './routes/merchant-api-routes.js'
import { operatorPayoutRoutes } from './routes/operator-payout-routes.js'
import { operatorRoutes } from './routes/operator-routes.js'
import { operatorSwapRoutes } from './routes/operator-swap-routes.js'
import { ratesRoutes } from './routes/rates-routes.js'
import { widgetRoutes } from './routes/widget-routes.js'
import { swapApiRoutes } from './routes/swap-api-routes.js'
import { dashboardRoutes } from './routes/dashboard/dashboard-routes.js'

export interface HttpAppOptions {
  /** Serve /docs (Swagger UI); on by default, off in benchmarks of the bare app. */
  docs?: boolean
}

/**
 * The Fastify app: parsers, one error handler, the exact-number JSON serializer, and one
 * plugin per route group. Routes stay thin; the work happens in services/.
 */
export async function buildHttpApp(kassa: Kassa, opts: HttpAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: kassa.log.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request access lines only at debug: at info they would cost more than the requests.
    logController: new LogController({ disableRequestLogging: kassa.config.logLevel !== 'debug' && kassa.config.logLevel !== 'trace' }),
    bodyLimit: kassa.config.bodyLimit,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed URL, an over-long path parameter)
    // bypass setErrorHandler; they get the same envelope here.
    frameworkErrors: (err, _req, res) => {
      const e = toErrorResponse(err)
      const reply = res as FastifyReply
      void reply.code(e.status).type('application/json; charset=utf-8').send(stringifyExact(merchantErrorBody(e)))
    },
  })
  registerRawBodyParsers(app, kassa.config.bodyLimit)
  app.setReplySerializer((payload) => stringifyExact(payload))
  app.setSerializerCompiler(() => (data) => stringifyExact(data))

  app.setErrorHandler((err, req, reply) => {
    const e = toErrorResponse(err)
    if (e.status >= 500) req.log.error({ err }, 'request failed')
    else req.log.debug({ code: e.code, msg: e.message }, 'request refused')
    return reply.code(e.status).type('application/json; charset=utf-8').send(stringifyExact(merchantErrorBody(e)))
  })
  app.setNotFoundHandler((req, reply) => {
    const e = toErrorResponse(new RouteNotFoundError(req.method, req.url))
    return reply.code(e.status).send(merchantErrorBody(e))
  })

  await app.register(import('@fastify/rate-limit'), {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, message: `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s.` }),
  })
  if (opts.docs !== false) await registerOpenApi(app, kassa.config.publicUrl)

  await app.register(healthRoutes, { kassa })
  await app.register(merchantApiRoutes, { prefix: '/api/v1', kassa })
  await app.register(ratesRoutes, { prefix: '/api/v1', kassa })
  await app.register(checkoutRoutes, { kassa })
  await app.register(widgetRoutes, { kassa })
  await app.register(donationRoutes, { kassa })
  // No token, no operator routes: they answer 404 like any unknown path.
  const operatorToken = kassa.config.operatorToken
  if (operatorToken !== undefined) {
    await app.register(operatorRoutes, { prefix: '/operator/v1', kassa, token: operatorToken })
    await app.register(operatorPayoutRoutes, { prefix: '/operator/v1', kassa, token: operatorToken })
    await app.register(operatorSwapRoutes, { prefix: '/operator/v1', kassa, token: operatorToken })
  }
  await app.register(swapApiRoutes, { prefix: '/v1', kassa })
  await app.register(dashboardRoutes, { prefix: '/dashboard', kassa })
  return app
}
