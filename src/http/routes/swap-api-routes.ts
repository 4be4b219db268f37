import type { FastifyInstance } from 'fastify'
import type { SwapAccounts } from '../../services/swap/swap-accounts.js'
import { registerSwapAuth } from '../plugins/swap-auth.js'
import { registerSwapScope } from '../plugins/swap-scope.js'
import { swapMetaRoutes } from './swap-meta-routes.js'
import type { SwapMetaRouteDeps } from './swap-meta-routes.js'
import { swapOrderRoutes } from './swap-order-routes.js'
import type { SwapOrderRouteDeps } from './swap-order-routes.js'

/** The scope's own need (the accounts behind the Bearer keys), then each group's. */
export interface SwapApiDeps {
  accounts: SwapAccounts
  meta: SwapMetaRouteDeps
  orders: SwapOrderRouteDeps
}

/**
 * The Swap API under /v1, in one encapsulated scope: its Bearer auth, quota, error envelope
 * and ?pretty=1 apply here and nowhere else.
 */
export async function swapApiRoutes(app: FastifyInstance, opts: SwapApiDeps): Promise<void> {
  registerSwapScope(app)
  registerSwapAuth(app, opts.accounts)
  await app.register(swapMetaRoutes, opts.meta)
  await app.register(swapOrderRoutes, opts.orders)
}
