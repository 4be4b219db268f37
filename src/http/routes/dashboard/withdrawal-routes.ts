import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../../../domain/stores/store.js'
import { AppError, DashboardFormError } from '../../../errors/index.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { storeBalances } from '../../../services/payments/payment-queries.js'
import { createWithdrawal } from '../../../services/payouts/create-withdrawal.js'
import { listPayouts } from '../../../services/payouts/payout-queries.js'
import type { StoreService } from '../../../services/store-service.js'
import { withdrawalsPage } from '../../../web/dashboard/withdrawal-pages.js'
import type { WithdrawalsPageState } from '../../../web/dashboard/withdrawal-pages.js'
import { toErrorResponse } from '../../error-envelope.js'
import type { StoreParams } from './balance-routes.js'
import { field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

export interface WithdrawalRouteDeps {
  /** What the payment use cases take: balances, withdrawals and payouts go through it. */
  engine: PaymentEngineDeps
  stores: StoreService
}

/**
 * Withdrawals through createWithdrawal, the one path the CLI also takes: it checks the address
 * for the currency's network and the amount, and reserves the balance in the payout's
 * transaction, so a refusal here writes nothing.
 */
export async function withdrawalRoutes(app: FastifyInstance, opts: WithdrawalRouteDeps): Promise<void> {
  const { engine, stores } = opts

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    state: Omit<WithdrawalsPageState, 'available' | 'withdrawals'>,
    status = 200,
  ) {
    const [balances, payouts] = await Promise.all([storeBalances(engine, store), listPayouts(engine, { storeId: store.id })])
    // The store's refunds are payouts too; they are listed on their payments' pages.
    const withdrawals = payouts.filter((p) => p.kind === 'withdrawal')
    const available = [...balances].map(([currency, b]) => ({ currency, amount: b.available }))
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, withdrawalsPage(view, { ...state, available, withdrawals }), status)
  }

  app.get('/stores/:id/withdrawals', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const ok = req.dashboardFlash?.ok
    return render(req, reply, store, ok !== undefined ? { ok } : {})
  })

  app.post('/stores/:id/withdrawals', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = { currency: field(req.body, 'currency'), amount: field(req.body, 'amount'), to: field(req.body, 'to') }
    try {
      // The store's own currencies, and any it still holds money in (the balances page's list).
      const balances = await storeBalances(engine, store)
      if (!balances.has(form.currency as never))
        throw new DashboardFormError(`This store has no ${form.currency || 'such'} currency to withdraw.`, 'currency')
      await createWithdrawal(engine, store, form)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      const e = toErrorResponse(err)
      if (e.status >= 500) throw err
      return render(req, reply, store, { form, error: e.message }, e.status === 404 ? 400 : e.status)
    }
    // The message rides the one-read flash, not the URL (?queued=1 said "queued" on every refresh).
    return reply.seeOther(`/dashboard/stores/${store.id}/withdrawals`, {
      ok: 'Withdrawal queued: it is sent within a few seconds; its status and transaction appear below.',
    })
  })
}
