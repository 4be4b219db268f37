import type { FastifyInstance } from 'fastify'
import type { ResolutionKind } from '../../../domain/payments/payment-resolution.js'
import { PaymentNotFoundError, RequestInvalidError } from '../../../errors/index.js'
import { PAYMENT_ID } from '../../../services/payments/payment-queries.js'
import { resolvePayment } from '../../../services/payments/resolve-payment.js'
import { currentUser, field, ownedStore } from './dashboard-context.js'
import type { MerchantPaymentRouteDeps } from './payment-routes.js'
import { formMessage } from './store-routes.js'

const hidden = { schema: { hide: true } } as const

/**
 * Mark as paid / mark invalid, from the payment detail page (web/dashboard/payment-resolve-section.ts).
 * Only the people of the store's own account reach a store (ownedStore), the operator's
 * included when the store is the operator's; the operator resolves any store's payment with
 * `kassa payments` on the host. Both answer 303 to the detail page with the outcome as a flash,
 * a refusal too: it wrote nothing, so a refresh of the page repeats nothing.
 */
export async function resolveRoutes(app: FastifyInstance, opts: MerchantPaymentRouteDeps): Promise<void> {
  const { engine, stores } = opts
  type R = { Params: { id: string; pid: string } }
  const routes: [string, ResolutionKind][] = [
    ['mark-paid', 'paid'],
    ['mark-invalid', 'invalid'],
  ]
  for (const [path, kind] of routes) {
    app.post<R>(`/stores/:id/payments/:pid/${path}`, hidden, async (req, reply) => {
      const store = await ownedStore(stores, req, req.params.id)
      const paymentId = req.params.pid
      if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
      const detail = `/dashboard/stores/${store.id}/payments/${paymentId}`
      try {
        if (field(req.body, 'confirm') !== 'yes') throw new RequestInvalidError('Tick the confirmation box to go ahead.')
        const p = await resolvePayment(engine, {
          storeId: store.id,
          paymentId,
          kind,
          reason: field(req.body, 'reason'),
          by: currentUser(req).email,
        })
        return reply.seeOther(detail, {
          ok: kind === 'paid' ? `Payment marked as paid: it is ${p.status} now.` : `Payment marked invalid: it is ${p.status} now.`,
        })
      } catch (err) {
        // Another store's or an unknown payment answers 404 like any page; a refusal returns to the page.
        if (err instanceof PaymentNotFoundError) throw err
        const error = formMessage(err)
        if (error === undefined) throw err
        return reply.seeOther(detail, { error })
      }
    })
  }
}
