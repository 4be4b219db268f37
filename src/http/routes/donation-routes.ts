import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parseAmountList, parseColor } from '../../domain/stores/page-settings.js'
import { DonationsDisabledError } from '../../errors/index.js'
import type { RateService } from '../../rates/index.js'
import type { PageSettingsService } from '../../services/page-settings-service.js'
import { createDonation } from '../../services/payments/create-public-payment.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import type { StoreService } from '../../services/store-service.js'
import type { DonationForm } from '../../web/pages/donation-page.js'
import { brandOf } from '../../web/page-layout.js'
import { donationPage } from '../../web/pages/donation-page.js'
import { errorPage } from '../../web/pages/error-page.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, sendPage } from '../page-context.js'
import { rejectUnparsedBodyAllowForms } from '../plugins/raw-body.js'
import { createdPaymentJson } from '../presenters/payment-json.js'
import { carryQuery } from './checkout-routes.js'
import { publicCreateLimits } from './public-rate-limits.js'
import { amountLike, amountText, storeByKey } from './widget-routes.js'

/** The seed's parameters (寄付作成), plus the donation page's form fields. */
const donateBody = {
  type: 'object',
  required: ['api_key'],
  properties: {
    api_key: { type: 'string', minLength: 1, maxLength: 100 },
    fiat_amount: amountLike,
    fiat_currency: { type: 'string', maxLength: 10 },
    amount: amountLike,
    currency: { type: 'string', maxLength: 20 },
    donor_name: { type: 'string', maxLength: 1000 },
    // Checked in the service, so the message names the limit (500) rather than a schema rule.
    donor_message: { type: 'string', maxLength: 100_000 },
    other_amount: { type: 'string', maxLength: 40 },
  },
} as const

interface DonateBody {
  api_key: string
  fiat_amount?: string | number
  fiat_currency?: string
  amount?: string | number
  currency?: string
  donor_name?: string
  donor_message?: string
  other_amount?: string
}

type DonateQuery = { lang?: string; embed?: string; amounts?: string; color?: string }

/** What the donation page, its widget's settings and `POST /donate/create` use. */
export interface DonationRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  stores: StoreService
  pageSettings: PageSettingsService
  rates: RateService
  publicUrl: string
}

/**
 * `/donate/{api_key}` (the seed's direct donation page) and `POST /donate/create` (JSON for
 * programs, a form post from the page). Donations need no signature, only the store's API key,
 * and the store must have switched them on.
 */
export async function donationRoutes(app: FastifyInstance, opts: DonationRouteDeps): Promise<void> {
  const { engine, stores, pageSettings, rates, publicUrl } = opts
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)

  app.get(
    '/donate/:apiKey',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { apiKey: string }; Querystring: DonateQuery }>, reply) => {
      const ctx = pageContext(req, reply)
      try {
        return await renderDonation(opts, req, reply, req.params.apiKey, undefined)
      } catch (err) {
        const e = toErrorResponse(err)
        return sendPage(reply, ctx, errorPage(ctx, e), '*', e.status)
      }
    },
  )

  // What donate-widget.js shows before the form opens: the store's button text and a title in
  // the visitor's language. Public and cross-origin by nature (any site may embed donations).
  app.get(
    '/donate/:apiKey/config',
    {
      schema: { hide: true },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (req: FastifyRequest<{ Params: { apiKey: string }; Querystring: DonateQuery }>, reply) => {
      reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60')
      const store = await storeByKey(stores, req.params.apiKey)
      const settings = await pageSettings.get(store.id)
      if (!settings.donationsEnabled) throw new DonationsDisabledError()
      const { t } = pageContext(req, reply)
      return {
        success: true,
        data: {
          button_text: settings.donationText ?? `\u2764 ${t('donate_button')}`,
          title: t('donate_title', { store: store.name }),
          color: settings.donationColor,
          amounts: settings.donationAmounts,
        },
      }
    },
  )

  app.post<{ Body: DonateBody; Querystring: DonateQuery }>(
    '/donate/create',
    {
      schema: {
        summary: 'Create a donation (public; store API key only)',
        description:
          "The seed's 寄付作成: `currency` among the store's, `fiat_amount` (with `fiat_currency`, default USD) or `amount`, optional `donor_name` and `donor_message` (at most 500 characters). No webhook is sent for donations.",
        tags: ['Public'],
        body: donateBody,
      },
      preHandler: publicCreateLimits(app, 'donate-create'),
    },
    async (req, reply) => {
      const b = req.body
      const form = req.bodyKind === 'form'
      const fiat = form && b.fiat_amount === 'other' ? b.other_amount : b.fiat_amount
      try {
        const store = await storeByKey(stores, b.api_key)
        const settings = await pageSettings.get(store.id)
        const r = await createDonation(engine, rates, store, settings, {
          currency: b.currency,
          fiatAmount: amountText(fiat, 'fiat_amount'),
          fiatCurrency: b.fiat_currency,
          amount: amountText(b.amount, 'amount'),
          donorName: b.donor_name,
          donorMessage: b.donor_message,
        })
        if (form) return reply.redirect(`/pay/${r.payment.id}${carryQuery(req.query)}`, 303)
        return { success: true, data: createdPaymentJson(r.payment, publicUrl) }
      } catch (err) {
        if (!form) throw err
        // The form comes back with the donor's input and the reason, in their language.
        const e = toErrorResponse(err)
        const values: DonationForm = {
          ...(typeof fiat === 'string' && { fiat_amount: fiat }),
          ...(b.currency !== undefined && { currency: b.currency }),
          ...(b.donor_name !== undefined && { donor_name: b.donor_name }),
          ...(b.donor_message !== undefined && { donor_message: b.donor_message }),
        }
        try {
          return await renderDonation(opts, req, reply, b.api_key, { values, error: e.message, status: e.status })
        } catch (err2) {
          const ctx = pageContext(req, reply)
          const e2 = toErrorResponse(err2)
          return sendPage(reply, ctx, errorPage(ctx, e2), '*', e2.status)
        }
      }
    },
  )
}

async function renderDonation(
  deps: Pick<DonationRouteDeps, 'stores' | 'pageSettings'>,
  req: FastifyRequest<{ Querystring: DonateQuery }>,
  reply: FastifyReply,
  apiKey: string,
  refused: { values: DonationForm; error: string; status: number } | undefined,
) {
  const store = await storeByKey(deps.stores, apiKey)
  const settings = await deps.pageSettings.get(store.id)
  if (!settings.donationsEnabled) throw new DonationsDisabledError()
  // The widget's data-color and data-amounts override the store's, validated like them.
  const accent = parseColor(req.query.color) ?? settings.donationColor
  const fromWidget = req.query.amounts ? parseAmountList(req.query.amounts, { lenient: true }) : []
  const ctx = pageContext(req, reply, accent)
  ctx.brand = brandOf(store)
  const q = new URLSearchParams()
  for (const k of ['lang', 'embed', 'amounts', 'color'] as const) if (req.query[k]) q.set(k, req.query[k]!)
  const page = donationPage(ctx, {
    apiKey: store.apiKey,
    storeName: store.name,
    currencies: store.currencies.map((c) => c.code),
    settings,
    amounts: fromWidget.length > 0 ? fromWidget : settings.donationAmounts,
    ...(refused && { values: refused.values, error: refused.error }),
    query: q.size > 0 ? `?${q.toString()}` : '',
    testMode: store.mode === 'test',
  })
  return sendPage(reply, ctx, page, '*', refused?.status ?? 200)
}
