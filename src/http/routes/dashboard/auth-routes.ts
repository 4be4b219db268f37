import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  type AppError,
  DashboardFormError,
  RequestInvalidError,
  DashboardLoginFailedError,
  DashboardLoginThrottledError,
} from '../../../errors/index.js'
import type { AccountSessions, SignedIn } from '../../../services/accounts/account-sessions.js'
import { withoutForbiddenControl } from '../../../serialization/untrusted-input.js'
import { loginPage, secondFactorPage, signupPage } from '../../../web/dashboard/auth-pages.js'
import { clearSessionCookie, field, safeNext, sendHtml, setSessionCookie, viewOf } from './dashboard-context.js'

type NextQuery = { Querystring: { next?: string } }
const open = { config: { dashboardPublic: true }, schema: { hide: true } } as const

export interface AuthRouteDeps {
  /** Dashboard people, their sign-ins and sessions. */
  accountSessions: AccountSessions
  /** Cookies only over HTTPS: the public URL is https. */
  secureCookies: boolean
}

/** Sign-in (password, then the two-factor code when switched on), sign-up and sign-out. */
export async function authRoutes(app: FastifyInstance, opts: AuthRouteDeps): Promise<void> {
  const auth = opts.accountSessions
  const secure = opts.secureCookies

  function signedIn(reply: FastifyReply, s: SignedIn, next: string) {
    setSessionCookie(reply, s.token, secure)
    return reply.redirect(s.stage === 'full' ? safeNext(next) : `/dashboard/login/2fa?next=${encodeURIComponent(safeNext(next))}`, 303)
  }

  app.get('/login', open, async (req: FastifyRequest<NextQuery>, reply) => {
    if (req.dashboardUser) return reply.redirect(safeNext(req.query.next), 303)
    const view = viewOf(req, reply)
    return sendHtml(reply, view, loginPage(view, { next: req.query.next ?? '', signupOpen: await auth.signupAllowed() }))
  })

  // A field the edge check refused (a control character: http/plugins/input-guard.ts) brings
  // the form back with the reason, like any other refusal of these forms.
  const loginRefused = async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (!(err instanceof RequestInvalidError)) throw err
    const view = viewOf(req, reply)
    const values = { email: withoutForbiddenControl(field(req.body, 'email')), next: withoutForbiddenControl(field(req.body, 'next')) }
    return sendHtml(reply, view, loginPage(view, { ...values, error: err.message, signupOpen: await auth.signupAllowed() }), 400)
  }
  const signupRefused = async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (!(err instanceof RequestInvalidError)) throw err
    const view = viewOf(req, reply)
    const values = {
      email: withoutForbiddenControl(field(req.body, 'email')),
      accountName: withoutForbiddenControl(field(req.body, 'account_name')),
    }
    const first = (await auth.listUsers()).length === 0
    return sendHtml(reply, view, signupPage(view, { ...values, error: err.message, first }), 400)
  }

  app.post('/login', { ...open, errorHandler: loginRefused }, async (req, reply) => {
    const email = field(req.body, 'email')
    const next = field(req.body, 'next')
    try {
      return signedIn(reply, await auth.login(email, field(req.body, 'password'), req.ip), next)
    } catch (err) {
      if (!(err instanceof DashboardLoginFailedError || err instanceof DashboardLoginThrottledError)) throw err
      if (err instanceof DashboardLoginThrottledError) reply.header('retry-after', String(err.retryAfterSeconds))
      const view = viewOf(req, reply)
      return sendHtml(
        reply,
        view,
        loginPage(view, { email, next, error: err.message, signupOpen: await auth.signupAllowed() }),
        statusOf(err),
      )
    }
  })

  app.get('/login/2fa', open, async (req: FastifyRequest<NextQuery>, reply) => {
    if (req.dashboardStage !== 'password') return reply.redirect('/dashboard/login', 303)
    const view = viewOf(req, reply)
    return sendHtml(reply, view, secondFactorPage(view, { next: req.query.next ?? '' }))
  })

  app.post('/login/2fa', open, async (req, reply) => {
    const next = field(req.body, 'next')
    try {
      return signedIn(reply, await auth.completeSecondFactor(req.dashboardToken ?? '', field(req.body, 'code'), req.ip), next)
    } catch (err) {
      if (!(err instanceof DashboardLoginFailedError || err instanceof DashboardLoginThrottledError)) throw err
      const view = viewOf(req, reply)
      return sendHtml(reply, view, secondFactorPage(view, { next, error: err.message }), statusOf(err))
    }
  })

  app.get('/signup', open, async (req, reply) => {
    if (!(await auth.signupAllowed())) return reply.redirect('/dashboard/login', 303)
    const view = viewOf(req, reply)
    return sendHtml(reply, view, signupPage(view, { first: (await auth.listUsers()).length === 0 }))
  })

  app.post('/signup', { ...open, errorHandler: signupRefused }, async (req, reply) => {
    const email = field(req.body, 'email')
    const accountName = field(req.body, 'account_name')
    try {
      return signedIn(reply, await auth.signUp({ email, accountName, password: field(req.body, 'password') }), '/dashboard/stores')
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      const view = viewOf(req, reply)
      return sendHtml(
        reply,
        view,
        signupPage(view, { email, accountName, error: err.message, first: (await auth.listUsers()).length === 0 }),
        400,
      )
    }
  })

  app.post('/logout', open, async (req, reply) => {
    await auth.logout(req.dashboardToken ?? undefined)
    clearSessionCookie(reply)
    return reply.redirect('/dashboard/login', 303)
  })
}

function statusOf(err: AppError): number {
  return err instanceof DashboardLoginThrottledError ? 429 : 401
}
