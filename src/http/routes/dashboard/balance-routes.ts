import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { storeBalances } from '../../../services/payments/payment-queries.js'
import type { StoreService } from '../../../services/store-service.js'
import { balancesPage } from '../../../web/dashboard/balance-pages.js'
import { ownedStore, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const
export type StoreParams = { Params: { id: string } }

export interface BalanceRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  stores: StoreService
}

/** A store's balances, from storeBalances: the Merchant API's /merchant/balance reads the same. */
export async function balanceRoutes(app: FastifyInstance, opts: BalanceRouteDeps): Promise<void> {
  const { engine, stores } = opts
  app.get('/stores/:id/balances', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, balancesPage(view, await storeBalances(engine, store)))
  })
}
