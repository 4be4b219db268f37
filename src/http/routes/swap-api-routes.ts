import type { FastifyInstance } from 'fastify'
import type { Kassa } from '../../app/kassa.js'
import { registerSwapAuth } from '../plugins/swap-auth.js'
import { registerSwapScope } from '../plugins/swap-scope.js'
import { swapMetaRoutes } from './swap-meta-routes.js'
import { swapOrderRoutes } from './swap-order-routes.js'

/**
 * The Swap API under /v1, in one encapsulated scope: its Bearer auth, quota, error envelope
 * and ?pretty=1 apply here and nowhere else.
 */
export async function swapApiRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  registerSwapScope(app)
  registerSwapAuth(app, opts.kassa.swapAccounts)
  await app.register(swapMetaRoutes, { kassa: opts.kassa })
  await app.register(swapOrderRoutes, { kassa: opts.kassa })
}
