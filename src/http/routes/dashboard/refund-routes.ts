import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parseCryptoAmount } from '../../../domain/payments/payment-request.js'
import type { Store } from '../../../domain/stores/store.js'
import { AppError, RefundExceedsRefundableError, RefundNotAllowedError } from '../../../errors/index.js'
import { mayRefund } from '../../../domain/refunds/refund.js'
import { currencyInfo, formatAmount } from '../../../money/index.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { withdrawalSender } from '../../../services/payouts/queue-payout.js'
import { cancelRefund } from '../../../services/refunds/cancel-refund.js'
import { createRefund, REFUND_REASON_MAX } from '../../../services/refunds/create-refund.js'
import { paymentRefunds } from '../../../services/refunds/refund-queries.js'
import type { StoreService } from '../../../services/store-service.js'
import { refundConfirmPage, refundsPage } from '../../../web/dashboard/payment-refund-section.js'
import type { RefundForm } from '../../../web/dashboard/payment-refund-section.js'
import { refundUrl } from '../../presenters/refund-json.js'
import { toErrorResponse } from '../../error-envelope.js'
import { field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

export interface RefundRouteDeps {
  engine: PaymentEngineDeps
  stores: StoreService
  /** For the buyer's link shown once a refund without an address is made. */
  publicUrl: string
}

type Params = { Params: { id: string; pid: string } }

/**
 * A merchant's refunds from the payment detail page: the form posts to a confirmation step
 * (`…/refunds/confirm`, which writes nothing and checks what it can), whose button posts to
 * `…/refunds`; that one goes through createRefund, the Merchant API's own path, and answers
 * 303 to the refunds page with the outcome (and the buyer's link) in the flash.
 */
export async function refundRoutes(app: FastifyInstance, opts: RefundRouteDeps): Promise<void> {
  const { engine, stores, publicUrl } = opts

  async function render(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    store: Store,
    s: Parameters<typeof refundsPage>[3],
    status = 200,
  ) {
    const r = await paymentRefunds(engine, store.id, req.params.pid)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, refundsPage(view, store, r, s), status)
  }

  /** A refused form writes nothing, so its page may answer the POST itself. */
  function refused(req: FastifyRequest<Params>, reply: FastifyReply, store: Store, form: RefundForm, err: unknown) {
    if (!(err instanceof AppError)) throw err
    const e = toErrorResponse(err)
    if (e.status >= 500 || e.code === 'PAYMENT_NOT_FOUND') throw err
    return render(req, reply, store, { form, error: e.message }, e.status)
  }

  const formOf = (body: unknown): RefundForm => ({
    amount: field(body, 'amount').trim(),
    address: field(body, 'address').trim(),
    reason: field(body, 'reason').trim().slice(0, REFUND_REASON_MAX),
  })

  app.get<Params>('/stores/:id/payments/:pid/refunds', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const flash = req.dashboardFlash
    return render(req, reply, store, { ok: flash?.ok, error: flash?.error, link: flash?.refundLink })
  })

  app.post<Params>('/stores/:id/payments/:pid/refunds/confirm', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = formOf(req.body)
    const r = await paymentRefunds(engine, store.id, req.params.pid)
    try {
      // What can be known without writing: the status, the amount's form and ceiling, the address.
      const p = r.payment
      if (!mayRefund(p)) throw new RefundNotAllowedError(p.id, p.status)
      const d = currencyInfo(p.currency).decimals
      const amount = form.amount === '' ? r.refundable : parseCryptoAmount('amount', form.amount, p.currency)
      if (amount === 0n || amount > r.refundable)
        throw new RefundExceedsRefundableError(formatAmount(amount, d), formatAmount(r.refundable, d), p.currency, r.refundable === 0n)
      if (form.address !== '') withdrawalSender(engine.chains, store, p.currency, form.address)
      const view = viewOf(req, reply, store)
      return sendHtml(reply, view, refundConfirmPage(view, store, r, { ...form, amount: formatAmount(amount, d) }))
    } catch (err) {
      return refused(req, reply, store, form, err)
    }
  })

  app.post<Params>('/stores/:id/payments/:pid/refunds', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = formOf(req.body)
    let refund: Awaited<ReturnType<typeof createRefund>>
    try {
      refund = await createRefund(engine, store, req.params.pid, {
        amount: form.amount,
        address: form.address === '' ? undefined : form.address,
        reason: form.reason,
      })
    } catch (err) {
      return refused(req, reply, store, form, err)
    }
    const amount = `${formatAmount(refund.amount, currencyInfo(refund.currency).decimals)} ${refund.currency}`
    return reply.seeOther(
      `/dashboard/stores/${store.id}/payments/${req.params.pid}/refunds`,
      refund.address === null
        ? {
            ok: `Refund of ${amount} created. Send the buyer the link below: the refund is sent once they enter their address.`,
            refundLink: refundUrl(publicUrl, refund),
          }
        : { ok: `Refund of ${amount} queued to ${refund.address}: it is sent within a few seconds; its state appears below.` },
    )
  })

  app.post<{ Params: { id: string; pid: string; rid: string } }>(
    '/stores/:id/payments/:pid/refunds/:rid/cancel',
    hidden,
    async (req, reply) => {
      const store = await ownedStore(stores, req, req.params.id)
      let cancelled: Awaited<ReturnType<typeof cancelRefund>>
      try {
        cancelled = await cancelRefund(engine, store.id, req.params.pid, req.params.rid)
      } catch (err) {
        return refused(req, reply, store, { amount: '', address: '', reason: '' }, err)
      }
      const amount = `${formatAmount(cancelled.amount, currencyInfo(cancelled.currency).decimals)} ${cancelled.currency}`
      return reply.seeOther(`/dashboard/stores/${store.id}/payments/${req.params.pid}/refunds`, {
        ok: `Refund link for ${amount} cancelled: the amount is back in the available balance.`,
      })
    },
  )
}
