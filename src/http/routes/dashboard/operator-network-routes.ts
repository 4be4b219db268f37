import type { FastifyInstance } from 'fastify'
import type { ChainRegistry } from '../../../chains/registry.js'
import type { KassaConfig } from '../../../config/index.js'
import type { Repositories } from '../../../db/repositories/repositories.js'
import type { RateService } from '../../../rates/index.js'
import { networkStatuses } from '../../../services/dashboard/network-status.js'
import { rateSourceStatus } from '../../../services/dashboard/operator-rates.js'
import { operatorNetworksPage, operatorRatesPage } from '../../../web/dashboard/operator-network-pages.js'
import { sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

export interface OperatorNetworkRouteDeps {
  /** Every network Kassa follows, asked for its tip. */
  chains: ChainRegistry
  /** The database, table by table: the watchers' cursors. */
  repos: Repositories
  now: () => number
  rates: RateService
  /** Which rate source is configured and how long a table is kept. */
  rateConfig: Pick<KassaConfig['rates'], 'provider' | 'ttlMs'>
}

/** Networks and rate sources; registered inside operatorRoutes, so only the operator reaches them. */
export async function operatorNetworkRoutes(app: FastifyInstance, opts: OperatorNetworkRouteDeps): Promise<void> {
  const { chains, repos, now, rates, rateConfig } = opts
  app.get('/networks', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    const networks = await networkStatuses(repos, chains.all())
    return sendHtml(reply, view, operatorNetworksPage(view, networks, now()))
  })
  app.get('/rates', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    const r = await rateSourceStatus(rates, { provider: rateConfig.provider, ttlMs: rateConfig.ttlMs, now: now() })
    return sendHtml(reply, view, operatorRatesPage(view, r))
  })
}
