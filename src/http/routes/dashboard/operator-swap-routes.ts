import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SWAP_ADDRESS_VALIDATORS } from '../../../chains/swap-address-validators.js'
import type { Repositories } from '../../../db/repositories/repositories.js'
import { AppError, DashboardFormError } from '../../../errors/index.js'
import { AUDIT_PAGE } from '../../../services/dashboard/operator-audit.js'
import { listFailedOutputs, requeueFailedOutput } from '../../../services/swap/requeue-output.js'
import type { ScreeningList } from '../../../services/swap/screening-list.js'
import type { SwapDeps } from '../../../services/swap/swap-deps.js'
import { operatorAuditPage, operatorFailedOutputsPage, operatorScreeningPage } from '../../../web/dashboard/operator-swap-pages.js'
import type { FailedOutputsPageState, ScreeningPageState } from '../../../web/dashboard/operator-swap-pages.js'
import { toErrorResponse } from '../../error-envelope.js'
import { field, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

/**
 * An address any Swap API network would pay out to, or a form error. The list is matched
 * exactly, so a typo would screen nothing while looking like it does: it is refused here.
 */
function checkedAddress(address: string): string {
  if (address === '' || address.length > 200)
    throw new DashboardFormError('Enter the address to screen (at most 200 characters).', 'address')
  const networks = Object.entries(SWAP_ADDRESS_VALIDATORS)
    .filter(([, valid]) => valid(address))
    .map(([n]) => n)
  if (networks.length === 0) {
    throw new DashboardFormError(
      `${address} is not a valid address on any network the Swap API pays out on (${Object.keys(SWAP_ADDRESS_VALIDATORS).join(', ')}); check it, and its upper and lower case.`,
      'address',
    )
  }
  return address
}

export interface DashboardOperatorSwapRouteDeps {
  /** What the Swap API's use cases (services/swap) take: failed outputs and their re-queueing. */
  swap: SwapDeps
  screening: ScreeningList
  /** The database, table by table: the swap audit record. */
  repos: Repositories
}

/** Screening list and swap audit; registered inside operatorRoutes, so only the operator reaches them. */
export async function operatorSwapRoutes(app: FastifyInstance, opts: DashboardOperatorSwapRouteDeps): Promise<void> {
  const { swap, repos } = opts
  const screeningList = opts.screening

  async function screening(req: FastifyRequest, reply: FastifyReply, state: Omit<ScreeningPageState, 'entries'>, status = 200) {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorScreeningPage(view, { entries: await screeningList.list(), ...state }), status)
  }
  const fromFlash = (req: FastifyRequest) => {
    const f = req.dashboardFlash
    return { ...(f?.ok !== undefined && { ok: f.ok }), ...(f?.error !== undefined && { error: f.error }) }
  }
  app.get('/screening', hidden, async (req, reply) => screening(req, reply, fromFlash(req)))
  app.post('/screening', hidden, async (req, reply) => {
    const form = { address: field(req.body, 'address'), reason: field(req.body, 'reason') }
    try {
      if (form.reason.length > 500) throw new DashboardFormError('The reason must be at most 500 characters.', 'reason')
      await screeningList.add(checkedAddress(form.address), form.reason)
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return screening(req, reply, { form, error: err.message }, 400)
    }
    return reply.seeOther('/dashboard/operator/screening', { ok: `${form.address} is on the screening list.` })
  })
  app.post('/screening/remove', hidden, async (req, reply) => {
    const address = field(req.body, 'address')
    if (!(await screeningList.remove(address))) return screening(req, reply, { error: `${address} is not on the list.` }, 404)
    return reply.seeOther('/dashboard/operator/screening', { ok: `${address} was removed from the screening list.` })
  })

  async function failedOutputs(req: FastifyRequest, reply: FastifyReply, state: Omit<FailedOutputsPageState, 'outputs'>, status = 200) {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorFailedOutputsPage(view, { outputs: await listFailedOutputs(swap), ...state }), status)
  }
  app.get('/swap-outputs', hidden, async (req, reply) => failedOutputs(req, reply, fromFlash(req)))
  app.post('/swap-outputs/requeue', hidden, async (req, reply) => {
    const trackcode = field(req.body, 'trackcode')
    const output = field(req.body, 'output')
    try {
      // The service refuses an output that has not failed, so a double click sends nothing twice.
      const r = await requeueFailedOutput(swap, trackcode, /^\d{1,3}$/.test(output) ? Number(output) : NaN)
      return reply.seeOther('/dashboard/operator/swap-outputs', {
        ok: `Output ${r.output} of ${r.trackcode} is queued again (payout ${r.payout.id}).`,
      })
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      const e = toErrorResponse(err)
      if (e.status >= 500) throw err
      return failedOutputs(req, reply, { error: e.message }, e.status)
    }
  })

  app.get('/audit', hidden, async (req: FastifyRequest<{ Querystring: { trackcode?: string; account?: string } }>, reply) => {
    const filter = { trackcode: (req.query.trackcode ?? '').trim() || undefined, accountId: (req.query.account ?? '').trim() || undefined }
    const view = viewOf(req, reply)
    return sendHtml(reply, view, operatorAuditPage(view, await repos.swapOrders.auditRecords(filter, AUDIT_PAGE), filter, AUDIT_PAGE))
  })
}
