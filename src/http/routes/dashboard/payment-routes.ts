import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { explorerTxLink } from '../../../chains/explorer-link.js'
import type { Repositories } from '../../../db/repositories/repositories.js'
import { RequestInvalidError } from '../../../errors/index.js'
import { filterQuery, parsePaymentFilter, searchPayments } from '../../../services/dashboard/payment-search.js'
import type { PaymentFilter } from '../../../services/dashboard/payment-search.js'
import { paymentCsvChunks } from '../../../services/dashboard/payment-csv-export.js'
import { paymentDetail } from '../../../services/dashboard/payment-timeline.js'
import { paymentUrl } from '../../presenters/payment-json.js'
import { donationTotals, listDonations } from '../../../services/payments/donation-queries.js'
import type { PaymentEngineDeps } from '../../../services/payments/payment-engine-deps.js'
import { PAYMENT_ID } from '../../../services/payments/payment-queries.js'
import { assignDeposit, listUnmatchedDeposits } from '../../../services/payments/unmatched-deposits.js'
import type { StoreService } from '../../../services/store-service.js'
import { donationsPage } from '../../../web/dashboard/donation-pages.js'
import { paymentDetailPage, paymentListPage } from '../../../web/dashboard/payment-pages.js'
import { unmatchedPage } from '../../../web/dashboard/unmatched-pages.js'
import { field, ownedStore, sendHtml, viewOf } from './dashboard-context.js'
import { formMessage } from './store-routes.js'

const hidden = { schema: { hide: true } } as const
const PER_PAGE = 25

export interface MerchantPaymentRouteDeps {
  /** What the payment use cases (services/payments) take: donations, unmatched deposits. */
  engine: PaymentEngineDeps
  /** The database, table by table: the payment search and a payment's timeline. */
  repos: Repositories
  stores: StoreService
  /** The public base URL: the detail page shows the buyer's page link. */
  publicUrl: string
}

/** Payments, donations and unmatched deposits of one store of the signed-in account. */
export async function merchantPaymentRoutes(app: FastifyInstance, opts: MerchantPaymentRouteDeps): Promise<void> {
  const { engine, repos, stores, publicUrl } = opts
  type Q = { Params: { id: string }; Querystring: Record<string, unknown> }

  app.get<Q>('/stores/:id/payments', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const view = viewOf(req, reply, store)
    const pageText = typeof req.query.page === 'string' ? req.query.page : '1'
    const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1
    let filter: PaymentFilter
    try {
      filter = parsePaymentFilter(req.query)
    } catch (err) {
      const error = formMessage(err)
      if (error === undefined) throw err
      return sendHtml(
        reply,
        view,
        paymentListPage(view, store, { filter: {}, payments: [], total: 0, page: 1, perPage: PER_PAGE, error }),
        400,
      )
    }
    const { payments, total } = await searchPayments(repos, store.id, filter, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    return sendHtml(reply, view, paymentListPage(view, store, { filter, payments, total, page, perPage: PER_PAGE }))
  })

  app.get<Q>('/stores/:id/payments.csv', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const filter = parsePaymentFilter(req.query)
    const name = `payments-${store.id.slice(0, 8)}${filterQuery(filter).size ? '-filtered' : ''}.csv`
    return (
      reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .type('text/csv; charset=utf-8')
        // Streamed a page at a time (defect 3 of issue 16): built whole, 50k rows held the event loop ~1 s and 120 MB.
        .send(Readable.from(paymentCsvChunks(repos, store.id, filter), { objectMode: false }))
    )
  })

  app.get<{ Params: { id: string; pid: string } }>('/stores/:id/payments/:pid', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const detail = await paymentDetail(repos, store.id, req.params.pid)
    const view = viewOf(req, reply, store)
    const { payment } = detail
    const links = {
      buyerUrl: paymentUrl(publicUrl, payment.id),
      txUrl: payment.txHash === null ? null : explorerTxLink(engine.chains.byNetwork(payment.network), payment.txHash),
    }
    return sendHtml(reply, view, paymentDetailPage(view, store, detail, links, req.dashboardFlash))
  })

  app.get<Q>('/stores/:id/donations', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const [rows, totals] = await Promise.all([listDonations(engine, store.id, 200), donationTotals(engine, store.id)])
    const view = viewOf(req, reply, store)
    return sendHtml(reply, view, donationsPage(view, store, rows, totals))
  })

  app.get<Q>('/stores/:id/unmatched', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const view = viewOf(req, reply, store)
    const ok = req.dashboardFlash?.ok
    return sendHtml(reply, view, unmatchedPage(view, store, await listUnmatchedDeposits(engine, store.id), ok !== undefined ? { ok } : {}))
  })

  app.post<Q>('/stores/:id/unmatched/assign', hidden, async (req, reply) => {
    const store = await ownedStore(stores, req, req.params.id)
    const depositId = field(req.body, 'deposit_id')
    const paymentId = field(req.body, 'payment_id')
    // The deposit must be one of this store's: assignDeposit then refuses a payment of another store.
    const mine = (await listUnmatchedDeposits(engine, store.id)).some((d) => d.id === depositId)
    try {
      if (!mine) throw new RequestInvalidError(`No unmatched deposit ${depositId}.`)
      if (!PAYMENT_ID.test(paymentId)) throw new RequestInvalidError('Give the id of a payment of this store (like 0f8e…-…).')
      await assignDeposit(engine, depositId, paymentId)
    } catch (err) {
      const error = formMessage(err)
      if (error === undefined) throw err
      // A refusal writes nothing, so its page may answer the POST itself: a refresh re-posts a refused form.
      const view = viewOf(req, reply, store)
      return sendHtml(reply, view, unmatchedPage(view, store, await listUnmatchedDeposits(engine, store.id), { error }), 400)
    }
    return reply.seeOther(`/dashboard/stores/${store.id}/unmatched`, { ok: `Deposit assigned to payment ${paymentId}.` })
  })
}
