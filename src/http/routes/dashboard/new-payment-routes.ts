import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createDashboardPayment, paymentOfStore, selectionOfStore } from '../../../services/payments/create-dashboard-payment.js'
import { newPaymentPage, newPaymentResultPage } from '../../../web/dashboard/new-payment-pages.js'
import { paymentUrl, selectionUrl } from '../../presenters/payment-json.js'
import { field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'
import type { PaymentLinkDashboardDeps } from './payment-link-routes.js'
import { formMessage } from './store-routes.js'

const hidden = { schema: { hide: true } } as const

/**
 * "New payment": the Merchant API's payment creation as a form (createDashboardPayment), 303
 * to a result page with the buyer's link. The result page is addressed by the payment (or
 * selection) itself, so a refresh shows it again and never makes a second payment.
 */
export async function newPaymentRoutes(app: FastifyInstance, opts: PaymentLinkDashboardDeps): Promise<void> {
  const { engine, stores, rates, publicUrl } = opts

  app.get('/stores/:id/new-payment', hidden, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, newPaymentPage(view, store))
  })

  app.post('/stores/:id/new-payment', hidden, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = {
      amount_kind: field(req.body, 'amount_kind'),
      amount: field(req.body, 'amount'),
      fiat_amount: field(req.body, 'fiat_amount'),
      fiat_currency: field(req.body, 'fiat_currency'),
      currency: field(req.body, 'currency'),
      order_id: field(req.body, 'order_id'),
      description: field(req.body, 'description'),
    }
    try {
      const r = await createDashboardPayment(engine, rates, store, {
        amountKind: form.amount_kind,
        amount: form.amount,
        fiatAmount: form.fiat_amount,
        fiatCurrency: form.fiat_currency,
        currency: form.currency,
        orderId: form.order_id,
        description: form.description,
      })
      const base = `/dashboard/stores/${store.id}/new-payment`
      return reply.seeOther(r.kind === 'payment' ? `${base}/${r.payment.id}` : `${base}/selection/${r.selection.token}`)
    } catch (err) {
      const error = formMessage(err)
      if (error === undefined) throw err
      const view = viewOf(req, reply, store)
      return sendHtml(reply, view, newPaymentPage(view, store, form, error), 400)
    }
  })

  app.get('/stores/:id/new-payment/:pid', hidden, async (req: FastifyRequest<{ Params: { id: string; pid: string } }>, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const payment = await paymentOfStore(engine, store.id, req.params.pid)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, newPaymentResultPage(view, store, { kind: 'payment', payment, url: paymentUrl(publicUrl, payment.id) }))
  })

  app.get(
    '/stores/:id/new-payment/selection/:token',
    hidden,
    async (req: FastifyRequest<{ Params: { id: string; token: string } }>, reply) => {
      const store = await ownedStore(stores, req, req.params.id)
      const selection = await selectionOfStore(engine, store.id, req.params.token)
      const view = viewOf(req, reply, store)
      return sendHtml(
        reply,
        view,
        newPaymentResultPage(view, store, { kind: 'selection', selection, url: selectionUrl(publicUrl, selection.token) }),
      )
    },
  )
}
