import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../../../domain/stores/store.js'
import { AppError, DashboardFormError } from '../../../errors/index.js'
import type { FormTokenSigner } from '../../../security/form-token.js'
import type { AccountSessions } from '../../../services/accounts/account-sessions.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { storeBalances } from '../../../services/payments/payment-queries.js'
import { checkWithdrawal, createConfirmedWithdrawal, withdrawalSubmitted } from '../../../services/payouts/create-withdrawal.js'
import type { CheckedWithdrawal } from '../../../services/payouts/create-withdrawal.js'
import { listPayouts } from '../../../services/payouts/payout-queries.js'
import type { StoreService } from '../../../services/store-service.js'
import { withdrawalConfirmPage, withdrawalsPage } from '../../../web/dashboard/withdrawal-pages.js'
import type { WithdrawalsPageState } from '../../../web/dashboard/withdrawal-pages.js'
import { toErrorResponse } from '../../error-envelope.js'
import type { StoreParams } from './balance-routes.js'
import { csrfUserInfo, currentUser, field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const
/** Long enough to read the page and find the authenticator app; short enough that a forgotten tab is harmless. */
const CONFIRMATION_MS = 15 * 60_000

export interface WithdrawalRouteDeps {
  /** What the payment use cases take: balances, withdrawals and payouts go through it. */
  engine: PaymentEngineDeps
  stores: StoreService
  /** The fresh two-factor code of the confirmation. */
  accountSessions: AccountSessions
  /** Signs the confirmation's one-use token (a key of its own, derived from the dashboard's). */
  confirmations: FormTokenSigner
}

type Form = { currency: string; amount: string; to: string }

/**
 * Withdrawals in two steps. The form posts to `confirm`, which checks everything createWithdrawal
 * would (currency, network, address, amount, balance), writes nothing, and shows what will be
 * sent with a one-use token bound to this session and to exactly these values. Confirming posts
 * the token (and, with two-factor on, a fresh code) to `withdrawals`, which spends the token in
 * the payout's own transaction: a double click, a refresh or two tabs queue one payout.
 */
export async function withdrawalRoutes(app: FastifyInstance, opts: WithdrawalRouteDeps): Promise<void> {
  const { engine, stores, accountSessions, confirmations } = opts

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

  /** A refusal as a 4xx page (the form with its message); anything else is not ours to explain. */
  function refusal(err: unknown): { status: number; message: string } {
    if (!(err instanceof AppError)) throw err
    const e = toErrorResponse(err)
    if (e.status >= 500) throw err
    return { status: e.status === 404 ? 400 : e.status, message: e.message }
  }

  const formOf = (body: unknown): Form => ({ currency: field(body, 'currency'), amount: field(body, 'amount'), to: field(body, 'to') })
  // The token is bound to the session and the store as well as to the values shown.
  const bindingOf = (req: FastifyRequest, store: Store) => `${csrfUserInfo(req)}:${store.id}`
  const valuesOf = (f: Form) => [f.currency, f.amount, f.to]

  async function check(store: Store, form: Form): Promise<CheckedWithdrawal> {
    // The store's own currencies, and any it still holds money in (the balances page's list).
    const balances = await storeBalances(engine, store)
    if (!balances.has(form.currency as never))
      throw new DashboardFormError(`This store has no ${form.currency || 'such'} currency to withdraw.`, 'currency')
    return checkWithdrawal(engine, store, form)
  }

  function confirmPage(
    req: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    s: { w: CheckedWithdrawal; form: Form; token: string; error?: string },
  ) {
    const view = viewOf(req, reply, store)
    const askCode = currentUser(req).totpEnabled
    const page = withdrawalConfirmPage(view, {
      withdrawal: s.w,
      form: s.form,
      token: s.token,
      askCode,
      ...(s.error ? { error: s.error } : {}),
    })
    return sendHtml(reply, view, page, s.error ? 400 : 200)
  }

  const alreadySubmitted = (reply: FastifyReply, store: Store) =>
    reply.seeOther(`/dashboard/stores/${store.id}/withdrawals`, {
      ok: 'This withdrawal was already submitted: it is queued once and listed below.',
    })

  app.get('/stores/:id/withdrawals', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const ok = req.dashboardFlash?.ok
    return render(req, reply, store, ok !== undefined ? { ok } : {})
  })

  // The review step writes nothing, so its page answers the POST itself; a refresh shows it again with a new token.
  app.post('/stores/:id/withdrawals/confirm', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = formOf(req.body)
    let w: CheckedWithdrawal
    try {
      w = await check(store, form)
    } catch (err) {
      const r = refusal(err)
      return render(req, reply, store, { form, error: r.message }, r.status)
    }
    const token = confirmations.issue(bindingOf(req, store), valuesOf(form), engine.now() + CONFIRMATION_MS)
    return confirmPage(req, reply, store, { w, form, token })
  })

  app.post('/stores/:id/withdrawals', hidden, async (req: FastifyRequest<StoreParams>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = formOf(req.body)
    const token = field(req.body, 'confirmation')
    const opened = confirmations.open(token, bindingOf(req, store), valuesOf(form), engine.now())
    if (opened === null || opened === 'expired') {
      const error =
        opened === 'expired'
          ? 'The confirmation expired (it lasts 15 minutes). Review the withdrawal again; nothing was sent.'
          : 'This withdrawal was not confirmed. Review it and confirm it on the next page; nothing was sent.'
      return render(req, reply, store, { form, error }, 400)
    }
    if (await withdrawalSubmitted(engine, opened)) return alreadySubmitted(reply, store)
    const user = currentUser(req)
    try {
      if (user.totpEnabled) await accountSessions.confirmWithCode(user.id, field(req.body, 'totp'), req.ip)
      const queued = await createConfirmedWithdrawal(engine, store, form, opened)
      if (queued === 'already-submitted') return alreadySubmitted(reply, store)
    } catch (err) {
      // The twin of a double click may have queued it meanwhile (and used the code): say so.
      if (err instanceof AppError && (await withdrawalSubmitted(engine, opened))) return alreadySubmitted(reply, store)
      const r = refusal(err)
      if (err instanceof DashboardFormError && err.field === 'totp') {
        // Nothing was spent: the same confirmation may be tried with the right code, if it still holds.
        const w = await check(store, form).catch(() => undefined)
        if (w !== undefined) return confirmPage(req, reply, store, { w, form, token, error: r.message })
      }
      return render(req, reply, store, { form, error: r.message }, r.status)
    }
    // The message rides the one-read flash, not the URL (?queued=1 said "queued" on every refresh).
    return reply.seeOther(`/dashboard/stores/${store.id}/withdrawals`, {
      ok: 'Withdrawal queued: it is sent within a few seconds; its status and transaction appear below.',
    })
  })
}
