import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DashboardFormError } from '../../../errors/index.js'
import { totpUri } from '../../../security/totp.js'
import type { AccountSessions } from '../../../services/accounts/account-sessions.js'
import { securityPage } from '../../../web/dashboard/auth-pages.js'
import type { SecurityPageState } from '../../../web/dashboard/auth-pages.js'
import { currentUser, field, sendHtml, setSessionCookie, viewOf } from './dashboard-context.js'

const hidden = { schema: { hide: true } } as const

export interface AccountRouteDeps {
  /** Dashboard people, their sign-ins and sessions. */
  accountSessions: AccountSessions
  /** Cookies only over HTTPS: the public URL is https. */
  secureCookies: boolean
}

/** The person's own security: two-factor set-up and removal, password change. */
export async function accountRoutes(app: FastifyInstance, opts: AccountRouteDeps): Promise<void> {
  const auth = opts.accountSessions

  function render(req: FastifyRequest, reply: FastifyReply, state: Omit<SecurityPageState, 'totpEnabled'>, status = 200) {
    const view = viewOf(req, reply)
    return sendHtml(reply, view, securityPage(view, { totpEnabled: currentUser(req).totpEnabled, ...state }), status)
  }

  async function enrollment(req: FastifyRequest, sealed?: string) {
    const e = sealed === undefined ? auth.newTotpEnrollment() : { sealed, secret: auth.openTotpEnrollment(sealed) }
    const { default: QRCode } = await import('qrcode')
    const qrSvg = await QRCode.toString(totpUri(e.secret, currentUser(req).email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    return { ...e, qrSvg }
  }

  app.get('/account', hidden, async (req, reply) => {
    const ok = req.dashboardFlash?.ok
    return render(req, reply, ok !== undefined ? { ok } : {})
  })

  // Changes nothing (a fresh enrollment, sealed into the form), so it answers with its page:
  // a refresh only draws another secret, and the one the code was made from is what enable checks.
  app.post('/account/totp/setup', hidden, async (req, reply) => render(req, reply, { enrollment: await enrollment(req) }))

  app.post('/account/totp/enable', hidden, async (req, reply) => {
    const sealed = field(req.body, 'sealed')
    try {
      await auth.enableTotp(currentUser(req).id, sealed, field(req.body, 'code'))
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return render(req, reply, { error: err.message, enrollment: await enrollment(req, sealed) }, 400)
    }
    return reply.seeOther('/dashboard/account', { ok: 'Two-factor sign-in is on. From now on Kassa asks for a code after your password.' })
  })

  app.post('/account/totp/disable', hidden, async (req, reply) => {
    try {
      await auth.disableTotp(currentUser(req).id, field(req.body, 'password'))
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return render(req, reply, { error: err.message }, 400)
    }
    return reply.seeOther('/dashboard/account', { ok: 'Two-factor sign-in is off.' })
  })

  app.post('/account/password', hidden, async (req, reply) => {
    try {
      const s = await auth.changePassword(currentUser(req).id, field(req.body, 'current_password'), field(req.body, 'new_password'))
      setSessionCookie(reply, s.token, opts.secureCookies)
      // The flash is bound to the session the redirect arrives with: the new one.
      req.dashboardToken = s.token
    } catch (err) {
      if (!(err instanceof DashboardFormError)) throw err
      return render(req, reply, { error: err.message }, 400)
    }
    return reply.seeOther('/dashboard/account', { ok: 'Password changed. Every other session has ended.' })
  })
}
