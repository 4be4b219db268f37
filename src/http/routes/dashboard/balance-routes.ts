import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kassa } from '../../../app/kassa.js'
import { storeBalances } from '../../../services/payments/payment-queries.js'
import { balancesPage } from '../../../web/dashboard/balance-pages.js'
import { ownedStore, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const
export type StoreParams = { Params: { id: string } }

/** A store's balances, from storeBalances: the Merchant API's /merchant/balance reads the same. */
export async function balanceRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  const { kassa } = opts
  app.get('/stores/:id/balances', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(kassa, req, req.params.id)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, balancesPage(view, await storeBalances(kassa.deps, store)))
  })
}
