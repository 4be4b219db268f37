import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../errors/index.js'
import type { RateService } from '../../rates/index.js'
import { payFromLink, publicPaymentLink } from '../../services/payment-links/payment-link-service.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { brandOf } from '../../web/page-layout.js'
import { paymentLinkPage } from '../../web/pages/payment-link-page.js'
import type { PaymentLinkPageView } from '../../web/pages/payment-link-page.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, sendPage } from '../page-context.js'
import { rejectUnparsedBodyAllowForms } from '../plugins/raw-body.js'
import { selectionUrl } from '../presenters/payment-json.js'
import { carryQuery } from './checkout-routes.js'
import { refuseCrossSitePost, sendErrorPage } from './public-form.js'
import { publicCreateLimits } from './public-rate-limits.js'

/**
 * The form's fields as strings; no length rule here: the domain refuses a huge or malformed
 * amount with a message the form can show (a schema refusal would only be a generic page).
 * The body limit bounds the size.
 */
const payBody = {
  type: 'object',
  properties: {
    amount: { type: 'string' },
    currency: { type: 'string' },
  },
} as const

interface PayBody {
  amount?: string
  currency?: string
}

type LinkRequest = FastifyRequest<{ Params: { linkId: string }; Querystring: { lang?: string; embed?: string }; Body: PayBody }>

export interface PaymentLinkRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  rates: RateService
  publicUrl: string
}

/**
 * `/link/{id}`: a merchant's payment link. GET shows it; POST (its own form only) makes a
 * fresh payment, or a selection when the link leaves the currency to the selection page, and
 * answers 303 to that page. Refusals are pages in the buyer's language, never JSON: the link
 * is something a person opens. Rate-limited like every public creation.
 */
export async function paymentLinkRoutes(app: FastifyInstance, opts: PaymentLinkRouteDeps): Promise<void> {
  const { engine, rates, publicUrl } = opts
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)
  // Hooks, schema and rate limits fail before a handler runs: their refusals are pages too.
  app.setErrorHandler(async (err, req, reply) => sendErrorPage(req, reply, err))

  app.get('/link/:linkId', { schema: { hide: true } }, async (req: LinkRequest, reply) => {
    try {
      return await render(req, reply, undefined)
    } catch (err) {
      return sendErrorPage(req, reply, err)
    }
  })

  app.post(
    '/link/:linkId',
    {
      schema: { hide: true, body: payBody },
      preHandler: [refuseCrossSitePost(publicUrl), publicCreateLimits(app, 'link-pay')],
    },
    async (req: LinkRequest, reply) => {
      const b = req.body ?? {}
      try {
        const r = await payFromLink(engine, rates, req.params.linkId, { amount: b.amount, currency: b.currency })
        const q = carryQuery(req.query)
        if (r.kind === 'payment') return reply.redirect(`/pay/${r.payment.id}${q}`, 303)
        const url = new URL(selectionUrl(publicUrl, r.selection.token))
        return reply.redirect(`${url.pathname}${url.search}${q ? `&${q.slice(1)}` : ''}`, 303)
      } catch (err) {
        // The buyer's own mistakes come back on the form; the link's state (gone, off) as its page.
        if (!(err instanceof AppError) || err.code.startsWith('PAYMENT_LINK_') || err.code === 'STORE_DISABLED') throw err
        const e = toErrorResponse(err)
        const values = {
          ...(b.amount !== undefined && { amount: b.amount.slice(0, 40) }),
          ...(b.currency !== undefined && { currency: b.currency.slice(0, 20) }),
        }
        return render(req, reply, { values, error: e.message, status: e.status })
      }
    },
  )

  async function render(
    req: LinkRequest,
    reply: FastifyReply,
    refused: { values: NonNullable<PaymentLinkPageView['values']>; error: string; status: number } | undefined,
  ) {
    const { link, store, choices } = await publicPaymentLink(engine, req.params.linkId)
    const ctx = pageContext(req, reply)
    ctx.brand = brandOf(store)
    const page = paymentLinkPage(ctx, {
      link,
      choices,
      testMode: store.mode === 'test',
      ...(refused && { values: refused.values, error: refused.error }),
    })
    // Never framed: the link is opened, not embedded (no clickjacking of its Pay button).
    return sendPage(reply, ctx, page, "'none'", refused?.status ?? 200)
  }
}
