import { AppError } from './app-error.js'

// The dashboard shows these on the page that caused them (src/http/routes/dashboard); their
// codes exist so logs and tests can tell them apart, and so the JSON envelope stays exhaustive.

/** A dashboard form's input is wrong; the message says which field and why, for a person. */
export class DashboardFormError extends AppError {
  override readonly code = 'DASHBOARD_FORM_INVALID'
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** One message for an unknown email and a wrong password: which one it was is not said. */
export class DashboardLoginFailedError extends AppError {
  override readonly code = 'DASHBOARD_LOGIN_FAILED'
  constructor(message = 'Wrong email or password.') {
    super(message)
  }
}

export class DashboardLoginThrottledError extends AppError {
  override readonly code = 'DASHBOARD_LOGIN_THROTTLED'
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Try again in ${formatWait(retryAfterSeconds)}.`)
  }
}

export class DashboardCsrfError extends AppError {
  override readonly code = 'DASHBOARD_CSRF_INVALID'
  constructor() {
    super('This form has expired or did not come from this dashboard. Reload the page and try again.')
  }
}

export class DashboardSignupClosedError extends AppError {
  override readonly code = 'DASHBOARD_SIGNUP_CLOSED'
  constructor() {
    super('Sign-up is closed on this Kassa. Ask its operator for an account.')
  }
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
}
