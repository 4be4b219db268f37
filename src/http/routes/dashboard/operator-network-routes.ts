import type { FastifyInstance } from 'fastify'
import type { Kassa } from '../../../app/kassa.js'
import { networkStatuses } from '../../../services/dashboard/network-status.js'
import { rateSourceStatus } from '../../../services/dashboard/operator-rates.js'
import { operatorNetworksPage, operatorRatesPage } from '../../../web/dashboard/operator-network-pages.js'
import { sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

/** Networks and rate sources; registered inside operatorRoutes, so only the operator reaches them. */
export async function operatorNetworkRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  const { kassa } = opts
  app.get('/networks', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    const networks = await networkStatuses(kassa.repos, kassa.deps.chains.all())
    return sendHtml(reply, view, operatorNetworksPage(view, networks, kassa.deps.now()))
  })
  app.get('/rates', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    const r = await rateSourceStatus(kassa.rates, { provider: kassa.config.rates.provider, ttlMs: kassa.config.rates.ttlMs, now: kassa.deps.now() })
    return sendHtml(reply, view, operatorRatesPage(view, r))
  })
}
