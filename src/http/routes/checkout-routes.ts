import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kassa } from '../../app/kassa.js'
import { displayAmount } from '../../domain/payments/payment-presenter.js'
import { RequestInvalidError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { currencyInfo, formatAmount } from '../../money/index.js'
import { findPayment } from '../../services/payments/payment-queries.js'
import { findSelection, selectCurrency } from '../../services/payments/select-currency.js'
import { PAGE_CSP } from '../../web/html.js'
import { paymentPage, selectionPage } from '../../web/pages/payment-page.js'
import { rejectUnparsedBodyAllowForms } from '../plugins/raw-body.js'
import { createdPaymentJson } from '../presenters/payment-json.js'
import { selectCurrencyBody } from '../schemas/merchant-schemas.js'
import type { SelectCurrencyBody } from '../schemas/merchant-schemas.js'

/** The buyer's side: payment page, currency selection, and test mode's simulate buttons. */
export async function checkoutRoutes(app: FastifyInstance, opts: { kassa: Kassa }): Promise<void> {
  const { kassa } = opts
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)

  app.get('/pay/select', { schema: { hide: true } }, async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply) => {
    const token = req.query.token
    if (!token) throw new RequestInvalidError('token is required.')
    const sel = await findSelection(kassa.deps, token)
    if (sel.payment_id) return reply.redirect(`/pay/${sel.payment_id}`, 303)
    const store = await kassa.stores.getStore(sel.store_id)
    const amountText = sel.fiat_amount !== null
      ? `${sel.fiat_amount} ${sel.fiat_currency}`
      : `${displayAmount(BigInt(sel.amount), sel.base_currency as CurrencyCode)} ${sel.base_currency}`
    return sendPage(reply, selectionPage(sel, store.currencies.map((c) => c.code), amountText))
  })

  app.post('/pay/select', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      summary: 'Pick the currency of a multi-currency payment (public)',
      tags: ['Public'],
      body: selectCurrencyBody,
    },
  }, async (req: FastifyRequest<{ Body: SelectCurrencyBody }>, reply: FastifyReply) => {
    const payment = await selectCurrency(kassa.deps, kassa.rates, req.body.token, req.body.currency)
    if (isForm(req)) return reply.redirect(`/pay/${payment.id}`, 303)
    return { success: true, data: createdPaymentJson(payment, kassa.config.publicUrl) }
  })

  app.get('/pay/:id', { schema: { hide: true } }, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const p = await findPayment(kassa.deps, req.params.id)
    const adapter = kassa.deps.chains.byNetwork(p.network)
    const uri = adapter ? adapter.receive.paymentUri(p.currency as CurrencyCode, p.pay_address, BigInt(p.amount_with_cents ?? p.amount_requested)) : null
    return sendPage(reply, paymentPage(p, uri))
  })

  app.post('/pay/:id/simulate', { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (req: FastifyRequest<{ Params: { id: string }; Body: { part?: string } }>, reply) => {
    const p = await findPayment(kassa.deps, req.params.id)
    const currency = p.currency as CurrencyCode
    const due = BigInt(p.amount_with_cents ?? p.amount_requested) - BigInt(p.amount_received)
    const part = req.body?.part ?? 'full'
    const amount = part === 'half' ? due / 2n : part === 'more' ? due + due / 10n : due
    await kassa.simulation.pay(p.id, formatAmount(amount > 0n ? amount : 1n, currencyInfo(currency).decimals))
    return reply.redirect(`/pay/${p.id}`, 303)
  })
}

function isForm(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
}

function sendPage(reply: FastifyReply, page: string) {
  return reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(page)
}
