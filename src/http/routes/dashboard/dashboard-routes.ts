import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DashboardCsrfError, RequestInvalidError, RouteNotFoundError } from '../../../errors/index.js'
import type { AccountSessions } from '../../../services/accounts/account-sessions.js'
import { html } from '../../../web/html.js'
import { authPage, dashboardPage, notice } from '../../../web/dashboard/dashboard-layout.js'
import { toErrorResponse } from '../../error-envelope.js'
import { rejectUnparsedBodyAllowForms } from '../../plugins/raw-body.js'
import { accountRoutes } from './account-routes.js'
import type { AccountRouteDeps } from './account-routes.js'
import { authRoutes } from './auth-routes.js'
import type { AuthRouteDeps } from './auth-routes.js'
import { newPaymentRoutes } from './new-payment-routes.js'
import { paymentLinkDashboardRoutes } from './payment-link-routes.js'
import type { PaymentLinkDashboardDeps } from './payment-link-routes.js'
import { merchantPaymentRoutes } from './payment-routes.js'
import type { MerchantPaymentRouteDeps } from './payment-routes.js'
import { resolveRoutes } from './resolve-routes.js'
import { merchantStoreRoutes } from './store-routes.js'
import type { MerchantStoreRouteDeps } from './store-routes.js'
import { merchantWebhookRoutes } from './webhook-routes.js'
import type { MerchantWebhookRouteDeps } from './webhook-routes.js'
import { balanceRoutes } from './balance-routes.js'
import type { BalanceRouteDeps } from './balance-routes.js'
import { operatorRoutes } from './operator-routes.js'
import type { OperatorAreaRouteDeps } from './operator-routes.js'
import { partnerRoutes } from './partner-routes.js'
import type { PartnerRouteDeps } from './partner-routes.js'
import { withdrawalRoutes } from './withdrawal-routes.js'
import { refundRoutes } from './refund-routes.js'
import type { RefundRouteDeps } from './refund-routes.js'
import type { WithdrawalRouteDeps } from './withdrawal-routes.js'
import { csrfUserInfo, SESSION_COOKIE, sendHtml, viewOf } from './dashboard-context.js'
import { FlashSeal, seeOther, takeFlash } from './dashboard-flash.js'
import type { Flash } from './dashboard-flash.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Dashboard routes a person reaches without a full session: sign-in, sign-up, second factor. */
    dashboardPublic?: boolean
  }
  interface FastifyRequest {
    /** What the form that redirected here left for this GET (read once), or null. */
    dashboardFlash: Flash | null
  }
  interface FastifyReply {
    /** A successful form's answer: 303 See Other to a GET page, with `flash` for its next GET only (dashboard-flash.ts). */
    seeOther(to: string, flash?: Flash): FastifyReply
  }
}

/** The scope's own needs (sessions, CSRF), then each group's. */
export interface DashboardDeps {
  /** Whose session a cookie is (the session hook). */
  accountSessions: AccountSessions
  /** Signs the CSRF tokens; derived from the master key, so tokens survive a restart. */
  csrfKey: Buffer
  /** Cookies only over HTTPS: the public URL is https. */
  secureCookies: boolean
  auth: AuthRouteDeps
  account: AccountRouteDeps
  stores: MerchantStoreRouteDeps
  payments: MerchantPaymentRouteDeps
  /** Payment links and "New payment". */
  paymentLinks: PaymentLinkDashboardDeps
  webhooks: MerchantWebhookRouteDeps
  balances: BalanceRouteDeps
  withdrawals: WithdrawalRouteDeps
  refunds: RefundRouteDeps
  partner: PartnerRouteDeps
  operator: OperatorAreaRouteDeps
}

/**
 * `/dashboard`: server-rendered pages for merchants, partners and the operator. Cookies, CSRF
 * and sessions live in this plugin's scope only, so the APIs never parse a cookie. Every POST
 * carries a CSRF token bound to its session (@fastify/csrf-protection, double-submit cookie
 * plus HMAC of the session); every page but sign-in needs a full session. Every form that
 * changes something answers its success with 303 See Other (POST/redirect/GET), so a refresh
 * re-reads the page instead of repeating the action.
 */
export async function dashboardRoutes(app: FastifyInstance, opts: DashboardDeps): Promise<void> {
  const secure = opts.secureCookies
  await app.register(cookie)
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'kassa_csrf',
    cookieOpts: { path: '/dashboard', httpOnly: true, sameSite: 'strict', secure },
    csrfOpts: { hmacKey: opts.csrfKey, userInfo: true },
    getUserInfo: csrfUserInfo,
    getToken: (req) => {
      const t = (req.body as Record<string, unknown> | undefined)?._csrf
      return typeof t === 'string' ? t : undefined
    },
  })
  app.decorateRequest('dashboardUser', null)
  app.decorateRequest('dashboardToken', null)
  app.decorateRequest('dashboardStage', null)
  app.decorateRequest('dashboardFlash', null)
  const seal = new FlashSeal(opts.csrfKey)
  app.decorateReply('seeOther', function (this: FastifyReply, to: string, flash?: Flash) {
    return seeOther(seal, secure, this.request, this, to, flash)
  })
  app.addHook('preValidation', rejectUnparsedBodyAllowForms)

  // Who is asking: the session cookie's person, or no one.
  app.addHook('preHandler', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE]
    const session = await opts.accountSessions.session(token)
    if (session && token) {
      req.dashboardToken = token
      req.dashboardStage = session.stage
      if (session.stage === 'full') req.dashboardUser = session.user
    }
    if (req.routeOptions.config.dashboardPublic) return
    if (!req.dashboardUser) {
      const next = new URL(req.url, 'http://x')
      return reply.redirect(`/dashboard/login?next=${encodeURIComponent(next.pathname + next.search)}`, 303)
    }
  })
  // After the session is known: the flash is bound to it.
  app.addHook('preHandler', async (req, reply) => {
    req.dashboardFlash = takeFlash(seal, req, reply)
  })
  // Every POST proves it came from a page this dashboard rendered for this session.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'POST') return done()
    app.csrfProtection(req, reply, done)
  })

  app.setErrorHandler(async (err, req, reply) => {
    const csrfFailure = typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('FST_CSRF_')
    // A body labelled multipart that is not (busboy's plain Error, thrown while the form is read,
    // before any handler): the sender's mistake, not ours.
    const unreadableForm =
      (req as { isMultipart?: () => boolean }).isMultipart?.() === true &&
      err instanceof Error &&
      err.constructor === Error &&
      !('statusCode' in err)
    const e = toErrorResponse(
      csrfFailure ? new DashboardCsrfError() : unreadableForm ? new RequestInvalidError('The form data could not be read.') : err,
    )
    if (e.status >= 500) req.log.error({ err }, 'dashboard request failed')
    return sendError(req, reply, e.status, e.message)
  })
  app.setNotFoundHandler(async (req, reply) =>
    sendError(req, reply, 404, toErrorResponse(new RouteNotFoundError(req.method, req.url)).message),
  )

  app.get('/', async (_req, reply) => reply.redirect('/dashboard/stores', 303))
  await app.register(authRoutes, opts.auth)
  await app.register(accountRoutes, opts.account)
  await app.register(merchantStoreRoutes, opts.stores)
  await app.register(merchantPaymentRoutes, opts.payments)
  await app.register(paymentLinkDashboardRoutes, opts.paymentLinks)
  await app.register(newPaymentRoutes, opts.paymentLinks)
  await app.register(resolveRoutes, opts.payments)
  await app.register(merchantWebhookRoutes, opts.webhooks)
  await app.register(balanceRoutes, opts.balances)
  await app.register(withdrawalRoutes, opts.withdrawals)
  await app.register(refundRoutes, opts.refunds)
  await app.register(partnerRoutes, opts.partner)
  await app.register(operatorRoutes, { prefix: '/operator', ...opts.operator })
}

/** An error as a page: inside the frame for a signed-in person, a bare card otherwise. */
function sendError(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  const view = viewOf(req, reply)
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status >= 500 ? 'Something went wrong' : 'Cannot do that'
  const body = html`${notice('error', message)}<p><a href="/dashboard">Back to the dashboard</a></p>`
  return sendHtml(reply, view, view.user ? dashboardPage(view, title, body) : authPage(view, title, body), status)
}
