import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { SessionStage, User } from '../../domain/accounts/user.js'
import { EMAIL_RULE, IP_RULE, lockRemaining, recordFailure } from '../../domain/accounts/login-throttle.js'
import { emailProblem, passwordProblem } from '../../domain/accounts/password-policy.js'
import {
  DashboardFormError,
  DashboardLoginFailedError,
  DashboardLoginThrottledError,
  DashboardSignupClosedError,
} from '../../errors/index.js'
import { decoyHash, hashPassword, verifyPassword } from '../../security/password-hash.js'
import type { SecretBox } from '../../security/secret-box.js'
import { newTotpSecret, verifyTotp } from '../../security/totp.js'
import type { OperatorSettings } from '../dashboard/operator-settings.js'

/** A signed-in person as the dashboard sees them. */
export interface DashboardUser {
  id: string
  accountId: string
  email: string
  isOperator: boolean
  totpEnabled: boolean
}

export interface SignedIn {
  user: DashboardUser
  /** The session cookie's value: shown to the browser once, stored only as its hash. */
  token: string
  /** 'password' when a two-factor code is still due. */
  stage: SessionStage
}

/** A full session lasts this long without use; each use within it extends it. */
export const SESSION_IDLE_MS = 12 * 3_600_000
/** Between a right password and the two-factor code. */
const SECOND_FACTOR_MS = 5 * 60_000

export function toDashboardUser(u: User): DashboardUser {
  return { id: u.id, accountId: u.accountId, email: u.email, isOperator: u.isOperator, totpEnabled: u.totpSecretSealed !== null }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * The people of accounts and their sessions: sign-up (a new account with its first person),
 * sign-in with an optional second factor, sessions, password and two-factor changes, and the
 * CLI's `kassa user`. Knows nothing of HTTP: the routes pass in what the person typed and the
 * client's address.
 */
export class AccountSessions {
  readonly #repos: Repositories
  readonly #box: SecretBox
  readonly #now: () => number
  readonly #settings: OperatorSettings

  constructor(repos: Repositories, box: SecretBox, now: () => number, settings: OperatorSettings) {
    this.#repos = repos
    this.#box = box
    this.#now = now
    this.#settings = settings
  }

  /** Whether the sign-up form is offered: open by the operator's switch, or no one exists yet. */
  async signupAllowed(): Promise<boolean> {
    if ((await this.#repos.users.count()) === 0) return true
    return (await this.#settings.get()).signupOpen
  }

  /**
   * A new account with its first person. The first person of an install becomes its operator,
   * as BTCPay Server does: whoever installs Kassa signs up first (docs/DASHBOARD.md).
   */
  async signUp(p: { email: string; password: string; accountName: string }): Promise<SignedIn> {
    if (!(await this.signupAllowed())) throw new DashboardSignupClosedError()
    const first = (await this.#repos.users.count()) === 0
    const user = await this.createUser({ ...p, operator: first })
    return this.#startSession(user, 'full')
  }

  /** Also the CLI's `kassa user create`. */
  async createUser(p: { email: string; password: string; accountName?: string; operator: boolean }): Promise<DashboardUser> {
    const email = normaliseEmail(p.email)
    const emailIssue = emailProblem(email)
    if (emailIssue) throw new DashboardFormError(emailIssue, 'email')
    const passwordIssue = passwordProblem(p.password, email)
    if (passwordIssue) throw new DashboardFormError(passwordIssue, 'password')
    const accountName = (p.accountName ?? '').trim() || email
    if (accountName.length > 100) throw new DashboardFormError('The account name must be at most 100 characters.', 'account_name')
    const passwordHash = await hashPassword(p.password)
    const now = this.#now()
    const user: User = {
      id: randomUUID(),
      accountId: randomUUID(),
      email,
      passwordHash,
      isOperator: p.operator,
      totpSecretSealed: null,
      totpLastStep: null,
      createdAt: now,
      updatedAt: now,
    }
    return this.#repos.write(async (tx) => {
      if (await tx.users.byEmail(email))
        throw new DashboardFormError('An account with this email exists already. Sign in instead.', 'email')
      await tx.stores.insertAccount(user.accountId, accountName, now)
      await tx.users.insert(user)
      return toDashboardUser(user)
    })
  }

  /**
   * The password step. Throttled per email and per client address before the password is even
   * checked, so a locked attacker learns nothing more. Unknown emails cost a decoy verify.
   */
  async login(emailText: string, password: string, ip: string): Promise<SignedIn> {
    const email = normaliseEmail(emailText)
    await this.#refuseWhileLocked([`email:${email}`, `ip:${ip}`])

    const found = await this.#repos.users.byEmail(email)
    const ok = found ? await verifyPassword(found.passwordHash, password) : (await verifyPassword(await decoyHash(), password), false)
    if (!found || !ok) {
      await this.#recordFailure(email, ip)
      throw new DashboardLoginFailedError()
    }
    await this.#repos.loginThrottle.clear(`email:${email}`)
    const user = toDashboardUser(found)
    return this.#startSession(user, user.totpEnabled ? 'password' : 'full')
  }

  /** Throws while any of these throttle keys is locked. */
  async #refuseWhileLocked(keys: string[]): Promise<void> {
    const now = this.#now()
    const counters = await this.#repos.loginThrottle.get(keys)
    const wait = Math.max(0, ...counters.map((c) => lockRemaining(c, now)))
    if (wait > 0) throw new DashboardLoginThrottledError(Math.ceil(wait / 1000))
  }

  /**
   * Counts one failure for the email and the address. The counters are read afresh rather than
   * reused from the lock check: the password or code check took tens of milliseconds, during
   * which a parallel attempt may have counted.
   */
  async #recordFailure(email: string, ip: string): Promise<void> {
    const throttle = this.#repos.loginThrottle
    const now = this.#now()
    const emailKey = `email:${email}`
    const ipKey = `ip:${ip}`
    const counters = new Map((await throttle.get([emailKey, ipKey])).map((c) => [c.key, c]))
    await throttle.put(recordFailure(emailKey, counters.get(emailKey), EMAIL_RULE, now))
    await throttle.put(recordFailure(ipKey, counters.get(ipKey), IP_RULE, now))
  }

  /**
   * The second step: a valid code, newer than the last one this person used, turns the
   * half-open session into a full one. A wrong or reused code counts as a failed sign-in.
   */
  async completeSecondFactor(token: string, code: string, ip: string): Promise<SignedIn> {
    const { users, sessions } = this.#repos
    const hash = tokenHash(token)
    const session = await sessions.byTokenHash(hash)
    const now = this.#now()
    if (session?.stage !== 'password' || session.expiresAt <= now) {
      throw new DashboardLoginFailedError('Your sign-in has expired. Enter your email and password again.')
    }
    const user = await users.byId(session.userId)
    if (!user || user.totpSecretSealed === null) throw new DashboardLoginFailedError()
    await this.#refuseWhileLocked([`email:${user.email}`])

    const step = verifyTotp(this.#box.open(user.totpSecretSealed), code.trim(), now, user.totpLastStep)
    if (step === null || !(await users.claimTotpStep(user.id, step, now))) {
      await this.#recordFailure(user.email, ip)
      throw new DashboardLoginFailedError('Wrong or already used code. Enter the current code from your authenticator app.')
    }
    // A new token for the full session: the half-open one's token is never worth more than it was.
    await sessions.delete(hash)
    return this.#startSession(toDashboardUser(user), 'full')
  }

  /**
   * A fresh two-factor code for an action that moves money (a withdrawal): valid now and newer
   * than any code this person has used, sign-in included, and claimed in one statement so the
   * same code cannot confirm a second action. A wrong or reused code counts as a failed sign-in:
   * one throttle guards every place a code is typed.
   */
  async confirmWithCode(userId: string, code: string, ip: string): Promise<void> {
    const { users } = this.#repos
    const user = await users.byId(userId)
    if (!user || user.totpSecretSealed === null) throw new DashboardFormError('Two-factor authentication is not on.', 'totp')
    await this.#refuseWhileLocked([`email:${user.email}`])
    const now = this.#now()
    const step = verifyTotp(this.#box.open(user.totpSecretSealed), code.trim(), now, user.totpLastStep)
    if (step === null || !(await users.claimTotpStep(user.id, step, now))) {
      await this.#recordFailure(user.email, ip)
      throw new DashboardFormError(
        'Wrong or already used code. Enter the current code from your authenticator app (a code used to sign in cannot be used again: wait for the next one).',
        'totp',
      )
    }
  }

  async #startSession(user: DashboardUser, stage: SessionStage): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url')
    const now = this.#now()
    await this.#repos.sessions.insert({
      tokenHash: tokenHash(token),
      userId: user.id,
      stage,
      createdAt: now,
      expiresAt: now + (stage === 'full' ? SESSION_IDLE_MS : SECOND_FACTOR_MS),
    })
    return { user, token, stage }
  }

  /**
   * The person behind a full session's token, or undefined. A session past half its idle time
   * is extended, so an active person stays signed in and the write happens rarely.
   */
  async session(token: string | undefined): Promise<{ user: DashboardUser; stage: SessionStage } | undefined> {
    if (!token) return undefined
    const { users, sessions } = this.#repos
    const hash = tokenHash(token)
    const session = await sessions.byTokenHash(hash)
    const now = this.#now()
    if (!session || session.expiresAt <= now) return undefined
    const user = await users.byId(session.userId)
    if (!user) return undefined
    if (session.stage === 'full' && session.expiresAt - now < SESSION_IDLE_MS / 2) await sessions.extend(hash, now + SESSION_IDLE_MS)
    return { user: toDashboardUser(user), stage: session.stage }
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.#repos.sessions.delete(tokenHash(token))
  }

  /** A fresh secret for the set-up page, sealed so the form can carry it back unchanged. */
  newTotpEnrollment(): { secret: string; sealed: string } {
    const secret = newTotpSecret()
    return { secret, sealed: this.#box.seal(secret) }
  }

  /** The secret of a set-up form posted back; a form someone changed is refused. */
  openTotpEnrollment(sealed: string): string {
    try {
      return this.#box.open(sealed)
    } catch {
      throw new DashboardFormError('The set-up form was changed; start again.', 'code')
    }
  }

  /** Switches two-factor on once the person proves their app shows the right code. */
  async enableTotp(userId: string, sealedSecret: string, code: string): Promise<void> {
    const secret = this.openTotpEnrollment(sealedSecret)
    const now = this.#now()
    const step = verifyTotp(secret, code.trim(), now, null)
    if (step === null)
      throw new DashboardFormError('That code is not right. Check the time on your phone and enter the current code.', 'code')
    await this.#repos.users.setTotp(userId, this.#box.seal(secret), step, now)
  }

  async disableTotp(userId: string, password: string): Promise<void> {
    const user = await this.#repos.users.byId(userId)
    if (!user || !(await verifyPassword(user.passwordHash, password))) throw new DashboardFormError('Wrong password.', 'password')
    await this.#repos.users.setTotp(userId, null, null, this.#now())
  }

  /** Ends every session of the person, this one included, and returns a fresh one for this browser. */
  async changePassword(userId: string, current: string, next: string): Promise<SignedIn> {
    const user = await this.#repos.users.byId(userId)
    if (!user || !(await verifyPassword(user.passwordHash, current)))
      throw new DashboardFormError('The current password is wrong.', 'current_password')
    await this.#setPassword(user, next)
    return this.#startSession(toDashboardUser(user), 'full')
  }

  /** The CLI's `kassa user reset-password`: every session of the person ends. */
  async resetPassword(emailText: string, next: string): Promise<DashboardUser> {
    const user = await this.#repos.users.byEmail(normaliseEmail(emailText))
    if (!user) throw new DashboardFormError(`No dashboard account has the email ${normaliseEmail(emailText)}.`, 'email')
    await this.#setPassword(user, next)
    await this.#repos.loginThrottle.clear(`email:${user.email}`)
    return toDashboardUser(user)
  }

  async #setPassword(user: User, next: string): Promise<void> {
    const issue = passwordProblem(next, user.email)
    if (issue) throw new DashboardFormError(issue, 'password')
    await this.#repos.users.setPasswordHash(user.id, await hashPassword(next), this.#now())
    await this.#repos.sessions.deleteAllOf(user.id)
  }

  /** Housekeeping, hourly: expired sessions and throttle counters whose window and lock are over. */
  async purgeExpired(): Promise<void> {
    const now = this.#now()
    await this.#repos.sessions.deleteExpired(now)
    await this.#repos.loginThrottle.deleteIdle(now - Math.max(EMAIL_RULE.windowMs, IP_RULE.windowMs), now)
  }

  async listUsers(): Promise<DashboardUser[]> {
    return (await this.#repos.users.list()).map(toDashboardUser)
  }
}
