import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../../../domain/stores/store.js'
import type { RateService } from '../../../rates/index.js'
import {
  createPaymentLink,
  listPaymentLinks,
  paymentLinkPayments,
  setPaymentLinkActive,
  storePaymentLink,
} from '../../../services/payment-links/payment-link-service.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import type { StoreService } from '../../../services/store-service.js'
import { paymentLinkPage, paymentLinksPage } from '../../../web/dashboard/payment-link-pages.js'
import type { PaymentLinkForm } from '../../../web/dashboard/payment-link-pages.js'
import { field, fieldAll, ownedStore, sendHtml, viewOf } from './dashboard-context.js'
import { formMessage } from './store-routes.js'

const hidden = { schema: { hide: true } } as const

export interface PaymentLinkDashboardDeps {
  /** What the payment use cases take: links, their payments, "New payment". */
  engine: PaymentEngineDeps
  stores: StoreService
  /** Fiat amounts of "New payment" convert at today's rate, as in the Merchant API. */
  rates: RateService
  /** Links the merchant shares are absolute: `${publicUrl}/link/{id}`, `${publicUrl}/pay/{id}`. */
  publicUrl: string
}

type StoreReq = FastifyRequest<{ Params: { id: string } }>
type LinkReq = FastifyRequest<{ Params: { id: string; lid: string } }>

/** Payment links of one store: list and create, one link's page, deactivate and activate (each 303 + flash). */
export async function paymentLinkDashboardRoutes(app: FastifyInstance, opts: PaymentLinkDashboardDeps): Promise<void> {
  const { engine, stores, publicUrl } = opts

  async function renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    state: { form?: PaymentLinkForm; error?: string; ok?: string },
    status = 200,
  ) {
    const links = await listPaymentLinks(engine, store.id)
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, paymentLinksPage(view, store, { links, publicUrl, ...state }), status)
  }

  app.get('/stores/:id/links', hidden, async (req: StoreReq, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const ok = req.dashboardFlash?.ok
    return renderList(req, reply, store, ok !== undefined ? { ok } : {})
  })

  app.post('/stores/:id/links', hidden, async (req: StoreReq, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const form = {
      title: field(req.body, 'title'),
      description: field(req.body, 'description'),
      pricing: field(req.body, 'pricing'),
      unit: field(req.body, 'unit'),
      amount: field(req.body, 'amount'),
      min_amount: field(req.body, 'min_amount'),
      max_amount: field(req.body, 'max_amount'),
      currencies: fieldAll(req, 'currencies'),
    }
    try {
      const link = await createPaymentLink(engine, store, {
        title: form.title,
        description: form.description,
        pricing: form.pricing,
        unit: form.unit,
        amount: form.amount,
        minAmount: form.min_amount,
        maxAmount: form.max_amount,
        currencies: form.currencies,
      })
      return reply.seeOther(`/dashboard/stores/${store.id}/links/${link.id}`, {
        ok: 'Payment link created. Share its public link with buyers.',
      })
    } catch (err) {
      const error = formMessage(err)
      if (error === undefined) throw err
      // A refusal writes nothing, so its page may answer the POST itself, with the merchant's input.
      return renderList(req, reply, store, { form, error }, 400)
    }
  })

  app.get('/stores/:id/links/:lid', hidden, async (req: LinkReq, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const link = await storePaymentLink(engine, store.id, req.params.lid)
    const payments = await paymentLinkPayments(engine, link)
    const view = viewOf(req, reply, store)
    const ok = req.dashboardFlash?.ok
    return sendHtml(reply, view, paymentLinkPage(view, store, { link, publicUrl, payments, ...(ok !== undefined && { ok }) }))
  })

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/stores/:id/links/:lid/${action}`, hidden, async (req: LinkReq, reply) => {
      const store = await ownedStore(stores, req, req.params.id)
      const link = await setPaymentLinkActive(engine, store.id, req.params.lid, active)
      return reply.seeOther(`/dashboard/stores/${store.id}/links/${link.id}`, {
        ok: active
          ? 'Payment link active again: buyers can pay through it.'
          : 'Payment link deactivated: its page now tells buyers it is no longer active.',
      })
    })
  }
}
