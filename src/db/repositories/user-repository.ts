import type { Kysely } from 'kysely'
import type { User } from '../../domain/accounts/user.js'
import type { Database, UsersTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

function toUser(row: UsersTable): User {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    passwordHash: row.password_hash,
    isOperator: row.is_operator === 1,
    totpSecretSealed: row.totp_secret_enc,
    totpLastStep: row.totp_last_step,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Dashboard people (`users`); their sessions are session-repository.ts's. */
export class UserRepository {
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#db = ctx.db
  }

  async insert(u: User): Promise<void> {
    await this.#db
      .insertInto('users')
      .values({
        id: u.id,
        account_id: u.accountId,
        email: u.email,
        password_hash: u.passwordHash,
        is_operator: u.isOperator ? 1 : 0,
        totp_secret_enc: u.totpSecretSealed,
        totp_last_step: u.totpLastStep,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
      })
      .execute()
  }

  async byEmail(email: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
    return row && toUser(row)
  }

  async byId(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toUser(row)
  }

  async count(): Promise<number> {
    const r = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  /** Oldest first (`kassa user list`). */
  async list(): Promise<User[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('created_at').orderBy('email').execute()).map(toUser)
  }

  /** By email, as the operator's accounts page lists each account's people. */
  async listByEmail(): Promise<User[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser)
  }

  async setPasswordHash(id: string, passwordHash: string, now: number): Promise<void> {
    await this.#db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute()
  }

  /** Two-factor on (a sealed secret and the step of the code that proved it) or off (nulls). */
  async setTotp(id: string, secretSealed: string | null, lastStep: number | null, now: number): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ totp_secret_enc: secretSealed, totp_last_step: lastStep, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  /**
   * Accepts a TOTP step only if it is newer than the last one accepted, in one statement, so
   * two sign-ins racing with the same code cannot both pass.
   */
  async claimTotpStep(id: string, step: number, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('users')
      .set({ totp_last_step: step, updated_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
}
