import { html, SafeHtml } from '../html.js'
import { authPage, csrfField, dashboardPage, notice, postButton } from './dashboard-layout.js'
import type { DashboardView } from './dashboard-layout.js'

function errorNotice(error: string | undefined): SafeHtml | string {
  return error ? notice('error', error) : ''
}

export function loginPage(
  view: DashboardView,
  p: { email?: string; error?: string; next?: string; signupOpen: boolean; info?: string },
): string {
  return authPage(
    view,
    'Sign in',
    html`${errorNotice(p.error)}${p.info ? notice('ok', p.info) : ''}
<form method="post" action="/dashboard/login">${csrfField(view)}
<input type="hidden" name="next" value="${p.next ?? ''}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${p.email ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button class="primary" type="submit">Sign in</button>
${p.signupOpen ? html`<a href="/dashboard/signup">Create an account</a>` : ''}</div>
</form>`,
  )
}

export function secondFactorPage(view: DashboardView, p: { error?: string; next?: string }): string {
  return authPage(
    view,
    'Two-factor code',
    html`${errorNotice(p.error)}
<p>Enter the 6-digit code your authenticator app shows for Kassa.</p>
<form method="post" action="/dashboard/login/2fa">${csrfField(view)}
<input type="hidden" name="next" value="${p.next ?? ''}">
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<div class="actions"><button class="primary" type="submit">Verify</button></div>
</form>`,
  )
}

export function signupPage(view: DashboardView, p: { email?: string; accountName?: string; error?: string; first: boolean }): string {
  return authPage(
    view,
    'Create your account',
    html`${errorNotice(p.error)}
${p.first ? notice('warn', 'No one has signed up yet: this first account becomes the operator of this Kassa.') : ''}
<form method="post" action="/dashboard/signup">${csrfField(view)}
<label for="account_name">Business name</label><input id="account_name" name="account_name" maxlength="100" value="${p.accountName ?? ''}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${p.email ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="pw-hint">
<p class="hint" id="pw-hint">At least 10 characters; not a common password, not your email.</p>
<div class="actions"><button class="primary" type="submit">Create account</button><a href="/dashboard/login">I have an account</a></div>
</form>`,
  )
}

export interface SecurityPageState {
  totpEnabled: boolean
  /** Present while switching two-factor on: the secret to show, its sealed copy for the form, and the QR. */
  /** `qrSvg` is drawn by the qrcode package from Kassa's own URI, so it is trusted markup. */
  enrollment?: { secret: string; sealed: string; qrSvg: string }
  error?: string
  ok?: string
}

/** The QR code's size on screen, in CSS px: big enough to scan from a screen, small enough to fit a phone. */
const QR_TARGET_PX = 220

/**
 * The enrolment QR code with a fixed width and height: a whole number of CSS px per module,
 * near 220 px (200–240 for every QR version a TOTP URI needs), so the modules stay crisp
 * instead of the SVG stretching to the card's width. The size is read from the viewBox that
 * the qrcode package writes ("0 0 41 41": modules plus quiet zone).
 */
export function sizedQrSvg(svg: string): string {
  const modules = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1] ?? 0)
  const px = modules > 0 ? Math.max(1, Math.round(QR_TARGET_PX / modules)) * modules : QR_TARGET_PX
  return svg.replace(/^<svg /, `<svg width="${px}" height="${px}" `)
}

export function securityPage(view: DashboardView, s: SecurityPageState): string {
  const totp = s.totpEnabled
    ? html`<p><span class="badge ok">on</span> Two-factor sign-in is on.</p>
<form method="post" action="/dashboard/account/totp/disable">${csrfField(view)}
<label for="off-password">Your password, to switch it off</label><input id="off-password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button class="danger" type="submit">Switch two-factor off</button></div></form>`
    : s.enrollment
      ? html`<p>Scan this code with an authenticator app (or type the key), then enter the code it shows.</p>
<div class="qr" role="img" aria-label="QR code of the two-factor key">${new SafeHtml(sizedQrSvg(s.enrollment.qrSvg))}</div>
<p>Key (to type it instead): <code id="totp-secret">${s.enrollment.secret}</code></p>
<form method="post" action="/dashboard/account/totp/enable">${csrfField(view)}
<input type="hidden" name="sealed" value="${s.enrollment.sealed}">
<label for="code">Code from the app</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
<div class="actions"><button class="primary" type="submit">Switch two-factor on</button></div></form>`
      : html`<p><span class="badge">off</span> Two-factor sign-in is off.</p>${postButton(view, '/dashboard/account/totp/setup', 'Set up two-factor sign-in', { className: 'primary' })}`
  return dashboardPage(
    view,
    'Security',
    html`${s.error ? notice('error', s.error) : ''}${s.ok ? notice('ok', s.ok) : ''}
<section class="card"><h2>Two-factor sign-in</h2>${totp}</section>
<section class="card"><h2>Password</h2>
<form method="post" action="/dashboard/account/password">${csrfField(view)}
<label for="current_password">Current password</label><input id="current_password" name="current_password" type="password" autocomplete="current-password" required>
<label for="new_password">New password</label><input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="10" required>
<p class="hint">Changing it signs you out everywhere else.</p>
<div class="actions"><button type="submit">Change password</button></div></form></section>`,
  )
}
