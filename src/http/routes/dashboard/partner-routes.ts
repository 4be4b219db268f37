import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Repositories } from '../../../db/repositories/repositories.js'
import { DashboardFormError } from '../../../errors/index.js'
import { partnerCredits, partnerOrders, partnerTotals } from '../../../services/dashboard/partner-earnings.js'
import type { PartnerKeys, ShownKeys } from '../../../services/dashboard/partner-keys.js'
import { partnerPage } from '../../../web/dashboard/partner-pages.js'
import { currentUser, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

export interface PartnerRouteDeps {
  /** The database, table by table: the partner's orders, totals and credits. */
  repos: Repositories
  now: () => number
  /** The account's own Swap API keys. */
  partnerKeys: PartnerKeys
}

/**
 * The partner area of the signed-in person's account. New keys are shown after the redirect
 * by the sealed one-read flash (dashboard-flash.ts): a key must never sit in a URL, a log or
 * the browser history, and a refresh neither rotates again nor shows the key again.
 */
export async function partnerRoutes(app: FastifyInstance, opts: PartnerRouteDeps): Promise<void> {
  const { repos, now, partnerKeys: keys } = opts

  async function render(req: FastifyRequest, reply: FastifyReply, extra: { shown?: ShownKeys; error?: string }, status = 200) {
    const { accountId } = currentUser(req)
    const [state, orders, totals, credits] = await Promise.all([
      keys.state(accountId),
      partnerOrders(repos, accountId, now()),
      partnerTotals(repos, accountId),
      partnerCredits(repos, accountId),
    ])
    const view = viewOf(req, reply)
    return sendHtml(reply, view, partnerPage(view, { keys: state, orders, totals, credits, ...extra }), status)
  }

  async function keyAction(req: FastifyRequest, reply: FastifyReply, action: (accountId: string) => Promise<ShownKeys>) {
    try {
      return reply.seeOther('/dashboard/partner', { partnerKeys: await action(currentUser(req).accountId) })
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return render(req, reply, { error: err.message }, 409)
    }
  }

  app.get('/partner', hidden, async (req, reply) => {
    const shown = req.dashboardFlash?.partnerKeys
    return render(req, reply, shown !== undefined ? { shown } : {})
  })
  app.post('/partner/keys', hidden, async (req, reply) => keyAction(req, reply, (a) => keys.create(a)))
  app.post('/partner/rotate-api-key', hidden, async (req, reply) => keyAction(req, reply, (a) => keys.rotateApiKey(a)))
  app.post('/partner/rotate-partner-key', hidden, async (req, reply) => keyAction(req, reply, (a) => keys.rotatePartnerKey(a)))
}
