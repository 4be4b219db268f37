import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Repositories } from '../../../db/repositories/repositories.js'
import { StoreSettingsError, percentToBasisPoints } from '../../../domain/stores/store.js'
import { DashboardFormError, RouteNotFoundError, StoreNotFoundError } from '../../../errors/index.js'
import { listAccounts } from '../../../services/dashboard/operator-accounts.js'
import { operatorOverview } from '../../../services/dashboard/operator-overview.js'
import type { OperatorSettings } from '../../../services/dashboard/operator-settings.js'
import type { StoreService } from '../../../services/store-service.js'
import { operatorAccountsPage, operatorOverviewPage, operatorSettingsPage } from '../../../web/dashboard/operator-pages.js'
import type { SettingsPageState } from '../../../web/dashboard/operator-pages.js'
import { currentUser, field, sendHtml, viewOf } from './dashboard-context.js'
import { operatorNetworkRoutes } from './operator-network-routes.js'
import type { OperatorNetworkRouteDeps } from './operator-network-routes.js'
import { operatorSwapRoutes } from './operator-swap-routes.js'
import type { DashboardOperatorSwapRouteDeps } from './operator-swap-routes.js'

const hidden = { schema: { hide: true } } as const

/** What the operator area's own pages use (overview, accounts, settings), then each group's. */
export interface OperatorAreaRouteDeps {
  /** The database, table by table: the overview's figures and the account list. */
  repos: Repositories
  now: () => number
  stores: StoreService
  operatorSettings: OperatorSettings
  networks: OperatorNetworkRouteDeps
  swapTools: DashboardOperatorSwapRouteDeps
}

/**
 * `/dashboard/operator/*`, the person-facing operator UI (the Bearer-token operator API stays
 * for scripts). Anyone but the operator gets 404 on every path, GET and POST, before any
 * handler runs: the area's existence is not confirmed to merchants.
 */
export async function operatorRoutes(app: FastifyInstance, opts: OperatorAreaRouteDeps): Promise<void> {
  const { repos, now, stores, operatorSettings } = opts
  app.addHook('preHandler', async (req) => {
    if (!currentUser(req).isOperator) throw new RouteNotFoundError(req.method, req.url)
  })

  app.get('/', hidden, async (req, reply) => {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorOverviewPage(view, await operatorOverview(repos, now())))
  })

  async function accounts(req: FastifyRequest, reply: FastifyReply, flash?: string) {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorAccountsPage(view, await listAccounts(repos), flash))
  }
  app.get('/accounts', hidden, async (req, reply) => accounts(req, reply, req.dashboardFlash?.ok))

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`/stores/:id/${action}`, hidden, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const id = req.params.id
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new StoreNotFoundError(id)
      const store = await stores.updateStore(id, { enabled })
      return reply.seeOther('/dashboard/operator/accounts', { ok: `${store.name} is ${enabled ? 'enabled' : 'disabled'}.` })
    })
  }

  async function settings(req: FastifyRequest, reply: FastifyReply, state: Omit<SettingsPageState, 'values'>, status = 200) {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorSettingsPage(view, { values: await operatorSettings.get(), ...state }), status)
  }
  app.get('/settings', hidden, async (req, reply) => {
    const ok = req.dashboardFlash?.ok
    return settings(req, reply, ok !== undefined ? { ok } : {})
  })
  app.post('/settings', hidden, async (req, reply) => {
    const commissionText = field(req.body, 'default_commission')
    try {
      let bp: number
      try {
        bp = percentToBasisPoints(commissionText, 'The default commission')
      } catch (err) {
        if (!(err instanceof StoreSettingsError)) throw err
        throw new DashboardFormError(`${err.message} (e.g. 1 or 0.75).`, 'default_commission')
      }
      // Both settings in one update call; the commission is checked before anything is written.
      await operatorSettings.update({ defaultCommissionBp: bp, signupOpen: field(req.body, 'signup_open') === '1' })
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return settings(req, reply, { commissionText, error: err.message }, 400)
    }
    return reply.seeOther('/dashboard/operator/settings', {
      ok: 'Settings saved. New stores get the new default commission; existing stores keep theirs.',
    })
  })

  await app.register(operatorNetworkRoutes, opts.networks)
  await app.register(operatorSwapRoutes, opts.swapTools)
}
