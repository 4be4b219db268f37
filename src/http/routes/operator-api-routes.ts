import type { FastifyInstance } from 'fastify'
import { operatorAuthHook } from '../plugins/operator-auth.js'
import { operatorDoctorRoutes } from './operator-doctor-routes.js'
import type { OperatorDoctorRouteDeps } from './operator-doctor-routes.js'
import { operatorPayoutRoutes } from './operator-payout-routes.js'
import type { OperatorPayoutRouteDeps } from './operator-payout-routes.js'
import { operatorSwapRoutes } from './operator-swap-routes.js'
import type { OperatorSwapRouteDeps } from './operator-swap-routes.js'
import { operatorWebhookRoutes } from './operator-webhook-routes.js'
import type { OperatorWebhookRouteDeps } from './operator-webhook-routes.js'

/** The scope's own need (the token), then each group's. */
export interface OperatorApiDeps {
  /** KASSA_OPERATOR_TOKEN: the Bearer token every request must carry. */
  token: string
  webhookTools: OperatorWebhookRouteDeps
  payouts: OperatorPayoutRouteDeps
  swapTools: OperatorSwapRouteDeps
  doctor: OperatorDoctorRouteDeps
}

/**
 * The operator API under /operator/v1, in one encapsulated scope: the Bearer token check is
 * registered once here and runs before every route of the groups inside (webhook tools,
 * payouts, Swap outputs, the doctor's checks). Registered only when KASSA_OPERATOR_TOKEN is set (http/app.ts).
 */
export async function operatorApiRoutes(app: FastifyInstance, opts: OperatorApiDeps): Promise<void> {
  app.addHook('preValidation', operatorAuthHook(opts.token))
  await app.register(operatorWebhookRoutes, opts.webhookTools)
  await app.register(operatorPayoutRoutes, opts.payouts)
  await app.register(operatorSwapRoutes, opts.swapTools)
  await app.register(operatorDoctorRoutes, opts.doctor)
}
