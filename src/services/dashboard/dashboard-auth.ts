import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { LoginThrottleRepository } from '../../db/repositories/login-throttle-repository.js'
import { StoreRepository } from '../../db/repositories/store-repository.js'
import { UserRepository } from '../../db/repositories/user-repository.js'
import type { Database, SessionsTable, UsersTable } from '../../db/schema.js'
import { EMAIL_RULE, IP_RULE, lockRemaining, recordFailure } from '../../domain/accounts/login-throttle.js'
import { emailProblem, passwordProblem } from '../../domain/accounts/password-policy.js'
import {
  DashboardFormError, DashboardLoginFailedError, DashboardLoginThrottledError, DashboardSignupClosedError,
} from '../../errors/index.js'
import { decoyHash, hashPassword, verifyPassword } from '../../security/password-hash.js'
import type { SecretBox } from '../../security/secret-box.js'
import { newTotpSecret, verifyTotp } from '../../security/totp.js'
import type { OperatorSettings } from './operator-settings.js'

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
  stage: SessionsTable['stage']
}

/** A full session lasts this long without use; each use within it extends it. */
export const SESSION_IDLE_MS = 12 * 3_600_000
/** Between a right password and the two-factor code. */
const SECOND_FACTOR_MS = 5 * 60_000

export function toDashboardUser(row: UsersTable): DashboardUser {
  return { id: row.id, accountId: row.account_id, email: row.email, isOperator: row.is_operator === 1, totpEnabled: row.totp_secret_enc !== null }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Sign-up, sign-in with an optional second factor, sessions, and password changes. Knows
 * nothing of HTTP: the routes pass in what the person typed and the client's address.
 */
export class DashboardAuth {
  readonly #db: Kysely<Database>
  readonly #box: SecretBox
  readonly #now: () => number
  readonly #settings: OperatorSettings

  constructor(db: Kysely<Database>, box: SecretBox, now: () => number, settings: OperatorSettings) {
    this.#db = db
    this.#box = box
    this.#now = now
    this.#settings = settings
  }

  /** Whether the sign-up form is offered: open by the operator's switch, or no one exists yet. */
  async signupAllowed(): Promise<boolean> {
    if ((await new UserRepository(this.#db).count()) === 0) return true
    return (await this.#settings.get()).signupOpen
  }

  /**
   * A new account with its first person. The first person of an install becomes its operator,
   * as BTCPay Server does: whoever installs Kassa signs up first (docs/DASHBOARD.md).
   */
  async signUp(p: { email: string; password: string; accountName: string }): Promise<SignedIn> {
    if (!(await this.signupAllowed())) throw new DashboardSignupClosedError()
    const first = (await new UserRepository(this.#db).count()) === 0
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
    const row: UsersTable = {
      id: randomUUID(), account_id: randomUUID(), email, password_hash: passwordHash, is_operator: p.operator ? 1 : 0,
      totp_secret_enc: null, totp_last_step: null, created_at: now, updated_at: now,
    }
    return this.#db.transaction().execute(async (trx) => {
      const users = new UserRepository(trx)
      if (await users.byEmail(email)) throw new DashboardFormError('An account with this email exists already. Sign in instead.', 'email')
      await new StoreRepository(trx).insertAccount(row.account_id, accountName, now)
      await users.insert(row)
      return toDashboardUser(row)
    })
  }

  /**
   * The password step. Throttled per email and per client address before the password is even
   * checked, so a locked attacker learns nothing more. Unknown emails cost a decoy verify.
   */
  async login(emailText: string, password: string, ip: string): Promise<SignedIn> {
    const email = normaliseEmail(emailText)
    await this.#refuseWhileLocked([`email:${email}`, `ip:${ip}`])

    const row = await new UserRepository(this.#db).byEmail(email)
    const ok = row ? await verifyPassword(row.password_hash, password) : (await verifyPassword(await decoyHash(), password), false)
    if (!row || !ok) {
      await this.#recordFailure(email, ip)
      throw new DashboardLoginFailedError()
    }
    await new LoginThrottleRepository(this.#db).clear(`email:${email}`)
    const user = toDashboardUser(row)
    return this.#startSession(user, user.totpEnabled ? 'password' : 'full')
  }

  /** Throws while any of these throttle keys is locked. */
  async #refuseWhileLocked(keys: string[]): Promise<void> {
    const now = this.#now()
    const counters = await new LoginThrottleRepository(this.#db).get(keys)
    const wait = Math.max(0, ...counters.map((c) => lockRemaining(c, now)))
    if (wait > 0) throw new DashboardLoginThrottledError(Math.ceil(wait / 1000))
  }

  /**
   * Counts one failure for the email and the address. The counters are read afresh rather than
   * reused from the lock check: the password or code check took tens of milliseconds, during
   * which a parallel attempt may have counted.
   */
  async #recordFailure(email: string, ip: string): Promise<void> {
    const throttle = new LoginThrottleRepository(this.#db)
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
    const users = new UserRepository(this.#db)
    const hash = tokenHash(token)
    const session = await users.session(hash)
    const now = this.#now()
    if (!session || session.stage !== 'password' || session.expires_at <= now) {
      throw new DashboardLoginFailedError('Your sign-in has expired. Enter your email and password again.')
    }
    const row = await users.byId(session.user_id)
    if (!row || row.totp_secret_enc === null) throw new DashboardLoginFailedError()
    await this.#refuseWhileLocked([`email:${row.email}`])

    const step = verifyTotp(this.#box.open(row.totp_secret_enc), code.trim(), now, row.totp_last_step)
    if (step === null || !(await users.claimTotpStep(row.id, step, now))) {
      await this.#recordFailure(row.email, ip)
      throw new DashboardLoginFailedError('Wrong or already used code. Enter the current code from your authenticator app.')
    }
    // A new token for the full session: the half-open one's token is never worth more than it was.
    await users.deleteSession(hash)
    return this.#startSession(toDashboardUser(row), 'full')
  }

  async #startSession(user: DashboardUser, stage: SessionsTable['stage']): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url')
    const now = this.#now()
    const users = new UserRepository(this.#db)
    await users.insertSession({ token_hash: tokenHash(token), user_id: user.id, stage, created_at: now, expires_at: now + (stage === 'full' ? SESSION_IDLE_MS : SECOND_FACTOR_MS) })
    return { user, token, stage }
  }

  /**
   * The person behind a full session's token, or undefined. A session past half its idle time
   * is extended, so an active person stays signed in and the write happens rarely.
   */
  async session(token: string | undefined): Promise<{ user: DashboardUser; stage: SessionsTable['stage'] } | undefined> {
    if (!token) return undefined
    const users = new UserRepository(this.#db)
    const hash = tokenHash(token)
    const session = await users.session(hash)
    const now = this.#now()
    if (!session || session.expires_at <= now) return undefined
    const row = await users.byId(session.user_id)
    if (!row) return undefined
    if (session.stage === 'full' && session.expires_at - now < SESSION_IDLE_MS / 2) await users.extendSession(hash, now + SESSION_IDLE_MS)
    return { user: toDashboardUser(row), stage: session.stage }
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await new UserRepository(this.#db).deleteSession(tokenHash(token))
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
    if (step === null) throw new DashboardFormError('That code is not right. Check the time on your phone and enter the current code.', 'code')
    await new UserRepository(this.#db).update(userId, { totp_secret_enc: this.#box.seal(secret), totp_last_step: step, updated_at: now })
  }

  async disableTotp(userId: string, password: string): Promise<void> {
    const users = new UserRepository(this.#db)
    const row = await users.byId(userId)
    if (!row || !(await verifyPassword(row.password_hash, password))) throw new DashboardFormError('Wrong password.', 'password')
    await users.update(userId, { totp_secret_enc: null, totp_last_step: null, updated_at: this.#now() })
  }

  /** Ends every session of the person, this one included, and returns a fresh one for this browser. */
  async changePassword(userId: string, current: string, next: string): Promise<SignedIn> {
    const users = new UserRepository(this.#db)
    const row = await users.byId(userId)
    if (!row || !(await verifyPassword(row.password_hash, current))) throw new DashboardFormError('The current password is wrong.', 'current_password')
    await this.#setPassword(row, next)
    return this.#startSession(toDashboardUser(row), 'full')
  }

  /** The CLI's `kassa user reset-password`: every session of the person ends. */
  async resetPassword(emailText: string, next: string): Promise<DashboardUser> {
    const row = await new UserRepository(this.#db).byEmail(normaliseEmail(emailText))
    if (!row) throw new DashboardFormError(`No dashboard account has the email ${normaliseEmail(emailText)}.`, 'email')
    await this.#setPassword(row, next)
    await new LoginThrottleRepository(this.#db).clear(`email:${row.email}`)
    return toDashboardUser(row)
  }

  async #setPassword(row: UsersTable, next: string): Promise<void> {
    const issue = passwordProblem(next, row.email)
    if (issue) throw new DashboardFormError(issue, 'password')
    const users = new UserRepository(this.#db)
    await users.update(row.id, { password_hash: await hashPassword(next), updated_at: this.#now() })
    await users.deleteSessionsOf(row.id)
  }

  /** Housekeeping, hourly: expired sessions and throttle counters whose window and lock are over. */
  async purgeExpired(): Promise<void> {
    const now = this.#now()
    await new UserRepository(this.#db).deleteExpiredSessions(now)
    await new LoginThrottleRepository(this.#db).deleteIdle(now - Math.max(EMAIL_RULE.windowMs, IP_RULE.windowMs), now)
  }

  async listUsers(): Promise<DashboardUser[]> {
    return (await new UserRepository(this.#db).list()).map(toDashboardUser)
  }
}
