import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Payment } from '../../domain/payments/payment.js'
import type { Selection } from '../../domain/payments/selection.js'
import { backLinkOf } from '../../domain/stores/redirect-url.js'
import { RequestInvalidError, RouteNotFoundError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { convertCrypto, convertFiatToCrypto } from '../../rates/index.js'
import type { RateService } from '../../rates/index.js'
import type { PageSettingsService } from '../../services/page-settings-service.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'
import { findPayment } from '../../services/payments/payment-queries.js'
import type { PaymentWatchHub } from '../../services/payments/payment-watch-hub.js'
import { findSelection, selectCurrency } from '../../services/payments/select-currency.js'
import type { Simulation } from '../../services/simulation.js'
import type { StoreService } from '../../services/store-service.js'
import { SafeHtml } from '../../web/html.js'
import { brandOf } from '../../web/page-layout.js'
import { errorPage } from '../../web/pages/error-page.js'
import { paymentPage } from '../../web/pages/payment-page.js'
import { selectionPage } from '../../web/pages/selection-page.js'
import type { SelectionOption } from '../../web/pages/selection-page.js'
import { paymentAsk, publicPaymentJson } from '../../web/public-payment.js'
import { toErrorResponse } from '../error-envelope.js'
import { pageContext, parseEmbedOrigin, sendPage } from '../page-context.js'
import { rejectUnparsedBodyAllowForms } from '../plugins/raw-body.js'
import { displayAmount } from '../../money/index.js'
import { createdPaymentJson } from '../presenters/payment-json.js'
import { selectCurrencyBody } from '../schemas/merchant-schemas.js'
import type { SelectCurrencyBody } from '../schemas/merchant-schemas.js'
import { framing } from './page-framing.js'
import { qrCodeSvg } from '../../web/qr-svg.js'
import { PAGE_SLOTS, RenderedPages, SlottedPage } from '../../web/rendered-pages.js'

type PageQuery = { lang?: string; embed?: string; token?: string }

/** What the buyer's pages use. */
export interface CheckoutRouteDeps {
  /** What the payment use cases (services/payments) take. */
  engine: PaymentEngineDeps
  stores: StoreService
  pageSettings: PageSettingsService
  rates: RateService
  paymentWatch: PaymentWatchHub
  /** Test mode's simulate buttons. */
  simulation: Simulation
  publicUrl: string
  /**
   * The database's content version (DatabaseHandle.contentVersion; SQLite only): payment pages
   * are kept as rendered while it stays the same. Without it every view renders.
   */
  contentVersion?: (() => string) | undefined
  /** Runs a read after the turn's I/O (DatabaseHandle.afterTurnReads on SQLite: the content version is read once per event-loop turn). */
  afterTurnReads: <T>(work: () => Promise<T>) => Promise<T>
}

/**
 * The buyer's side: payment page (live status over server-sent events, polling fallback),
 * currency selection, and test mode's simulate buttons. Pages answer errors with a page in
 * the buyer's language, not with the API's JSON envelope.
 */
export async function checkoutRoutes(app: FastifyInstance, opts: CheckoutRouteDeps): Promise<void> {
  const { engine, stores, pageSettings, rates, paymentWatch, simulation, publicUrl, contentVersion, afterTurnReads } = opts
  /** Confirmations the payment completes at: its store's threshold for the currency, else its network's. */
  const confirmationsRequired = async (p: Payment) =>
    engine.chains.requiredConfirmations(p.network, p.currency, (await engine.repos.stores.paymentTerms(p.storeId))?.confirmations)
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)
  // Open event streams never go idle, so the server's close would wait for them for ever:
  // end them first; the pages fall back to polling and reconnect to another instance.
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })

  app.get('/pay/select', { schema: { hide: true } }, async (req: FastifyRequest<{ Querystring: PageQuery }>, reply) => {
    const ctx = pageContext(req, reply)
    try {
      const token = req.query.token
      if (!token) throw new RequestInvalidError('token is required.')
      const sel = await findSelection(engine, token)
      if (sel.paymentId) return reply.redirect(`/pay/${sel.paymentId}${carryQuery(req.query)}`, 303)
      const store = await stores.getStore(sel.storeId)
      ctx.brand = brandOf(store)
      const frame = framing(await pageSettings.get(store.id), sel.source ?? 'api', req.query.embed)
      const amountText =
        sel.fiatAmount !== null
          ? `${sel.fiatAmount} ${sel.fiatCurrency}`
          : `${displayAmount(sel.amount, sel.baseCurrency)} ${sel.baseCurrency}`
      const options = await selectionOptions(
        rates,
        sel,
        store.currencies.map((c) => c.code),
      )
      return sendPage(reply, ctx, selectionPage(ctx, sel, amountText, options, store.mode === 'test'), frame.ancestors)
    } catch (err) {
      const e = toErrorResponse(err)
      return sendPage(reply, ctx, errorPage(ctx, e), "'none'", e.status)
    }
  })

  app.post(
    '/pay/select',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        summary: 'Pick the currency of a multi-currency payment (public)',
        tags: ['Public'],
        body: selectCurrencyBody,
      },
    },
    async (req: FastifyRequest<{ Body: SelectCurrencyBody; Querystring: PageQuery }>, reply: FastifyReply) => {
      if (!isForm(req)) {
        const payment = await selectCurrency(engine, rates, req.body.token, req.body.currency)
        return { success: true, data: createdPaymentJson(payment, publicUrl) }
      }
      try {
        const payment = await selectCurrency(engine, rates, req.body.token, req.body.currency)
        return reply.redirect(`/pay/${payment.id}${carryQuery(req.query)}`, 303)
      } catch (err) {
        const ctx = pageContext(req, reply)
        const e = toErrorResponse(err)
        return sendPage(reply, ctx, errorPage(ctx, e), "'none'", e.status)
      }
    },
  )

  // Rendered once per database content, language and URL; each view fills in its nonce and clock.
  const renderedPages = new RenderedPages<{ frameAncestors: string }>(contentVersion)
  app.get(
    '/pay/:id',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: PageQuery }>, reply) => {
      const ctx = pageContext(req, reply)
      // Taken before the reads: a page is kept only if nothing changed since (rendered-pages.ts).
      const version = await afterTurnReads(async () => renderedPages.version())
      // Beside the database content: the URL as sent and the language it resolved to.
      const key = `${ctx.lang}\n${req.url}`
      const kept = renderedPages.get(version, key)
      if (kept) return sendPage(reply, ctx, kept.page.fill(ctx.nonce, engine.now()), kept.extra.frameAncestors)
      let p: Payment
      try {
        p = await findPayment(engine, req.params.id)
      } catch (err) {
        const e = toErrorResponse(err)
        return sendPage(reply, ctx, errorPage(ctx, e), "'none'", e.status)
      }
      const [settings, store] = await Promise.all([pageSettings.get(p.storeId), stores.getStore(p.storeId)])
      ctx.brand = brandOf(store)
      const frame = framing(settings, p.source, req.query.embed)
      if (p.source === 'donation') ctx.accent = null
      const adapter = engine.chains.byNetwork(p.network)
      // The whole due, or after a part the rest: the QR code and wallet link ask for what is missing.
      const ask = paymentAsk(p).amount
      const uri = adapter && ask !== null ? adapter.receive.paymentUri(p.currency, p.payAddress, ask) : null
      const qrSvg = uri ? new SafeHtml(await qrCodeSvg(uri)) : null
      const thanks = p.source === 'donation' ? (settings.donationThanks ?? ctx.t('donate_thanks')) : null
      const html = paymentPage({ ...ctx, nonce: PAGE_SLOTS.nonce }, p, {
        uri,
        qrSvg,
        embedOrigin: frame.embedOrigin,
        thanks,
        now: PAGE_SLOTS.now,
        confirmationsRequired: await confirmationsRequired(p),
        backUrl: backLinkOf(p.redirectUrl, store.redirectUrl),
      })
      const page = new SlottedPage(html)
      renderedPages.keep(version, key, { page, extra: { frameAncestors: frame.ancestors } })
      return sendPage(reply, ctx, page.fill(ctx.nonce, engine.now()), frame.ancestors)
    },
  )

  // A store's logo by its content hash: the bytes never change under a URL, so browsers and
  // proxies may keep it for a year; the type is the one sniffed at upload, and nosniff makes
  // the browser hold to it.
  app.get(
    '/logos/:sha256',
    { schema: { hide: true }, config: { rateLimit: { max: 300, timeWindow: '1 minute' } } },
    async (req: FastifyRequest<{ Params: { sha256: string } }>, reply) => {
      const logo = await stores.logo(req.params.sha256)
      // An unknown or removed logo: the same 404 as any unknown path.
      if (!logo) throw new RouteNotFoundError('GET', req.url)
      return reply
        .header('content-type', logo.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        .send(logo.bytes)
    },
  )

  // The polling fallback and the widget's last look: the public view of one payment.
  app.get(
    '/pay/:id/status',
    {
      schema: { hide: true },
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const p = await findPayment(engine, req.params.id)
      const data = publicPaymentJson(p, await confirmationsRequired(p))
      return reply.header('cache-control', 'no-store').send({ success: true, data })
    },
  )

  // Server-sent events: the current state at once, then every visible change until the end.
  app.get(
    '/pay/:id/events',
    {
      schema: { hide: true },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const p = await findPayment(engine, req.params.id)
      // Read once for the stream: a store changing its threshold meanwhile shows on the next poll or page load.
      const required = await confirmationsRequired(p)
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      })
      // HEAD (Fastify serves one for every GET) has no body: Node drops the writes without
      // flushing the headers, so a stream left open answered nothing and held the socket.
      if (req.method === 'HEAD') return res.end()
      const send = (payment: Payment) => res.write(`data: ${JSON.stringify(publicPaymentJson(payment, required))}\n\n`)
      send(p)
      const ended = (payment: Payment) => payment.status !== 'pending' && payment.status !== 'queued' && payment.status !== 'confirming'
      if (ended(p)) return res.end()
      // A comment line now and then keeps proxies from closing an idle stream.
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000).unref()
      const stop = paymentWatch.subscribe(p, (payment) => {
        send(payment)
        if (ended(payment)) finish()
      })
      const finish = () => {
        clearInterval(ping)
        stop()
        streams.delete(finish)
        res.end()
      }
      streams.add(finish)
      req.raw.on('close', () => {
        clearInterval(ping)
        stop()
        streams.delete(finish)
      })
    },
  )

  app.post(
    '/pay/:id/simulate',
    { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req: FastifyRequest<{ Params: { id: string }; Body: { part?: string }; Querystring: PageQuery }>, reply) => {
      const part = req.body?.part
      const share = part === 'half' || part === 'more' ? part : 'rest'
      const wantsJson = (req.headers.accept ?? '').includes('application/json')
      try {
        // The CLI's rule (Simulation.stillDue): nothing due, nothing sent.
        const sent = await simulation.payShare(req.params.id, share)
        if (wantsJson) return { success: true, data: { tx_hash: sent.txHash } }
        return reply.redirect(`/pay/${req.params.id}${carryQuery(req.query)}`, 303)
      } catch (err) {
        // The page's script asks for JSON and gets the API's envelope; a form post without
        // JavaScript gets a page in the buyer's language.
        if (wantsJson) throw err
        const ctx = pageContext(req, reply)
        const e = toErrorResponse(err)
        return sendPage(reply, ctx, errorPage(ctx, e), "'none'", e.status)
      }
    },
  )
}

/** Each currency's amount at today's rate, so the buyer sees what they would pay. */
async function selectionOptions(rates: RateService, sel: Selection, currencies: CurrencyCode[]): Promise<SelectionOption[]> {
  let table: Awaited<ReturnType<RateService['getRates']>> | undefined
  try {
    table = await rates.getRates()
  } catch {
    table = undefined
  }
  return currencies.map((c) => {
    if (!table) return { currency: c, amount: null }
    try {
      const atomic =
        sel.fiatAmount !== null && sel.fiatCurrency !== null
          ? convertFiatToCrypto(table, sel.fiatAmount, sel.fiatCurrency, c)
          : convertCrypto(table, sel.amount, sel.baseCurrency, c)
      return { currency: c, amount: displayAmount(atomic, c) }
    } catch {
      return { currency: c, amount: null }
    }
  })
}

/** The page parameters that must survive a post and its redirect: language and embedding. */
export function carryQuery(q: PageQuery | undefined): string {
  const out = new URLSearchParams()
  if (q?.lang) out.set('lang', q.lang)
  if (q?.embed && parseEmbedOrigin(q.embed)) out.set('embed', q.embed)
  const s = out.toString()
  return s ? `?${s}` : ''
}

function isForm(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
}
