import type { Kysely } from 'kysely'
import type { Database, SessionsTable, UsersTable } from '../schema.js'

/** Dashboard people and their sessions. */
export class UserRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insert(row: UsersTable): Promise<void> {
    await this.#db.insertInto('users').values(row).execute()
  }

  async byEmail(email: string): Promise<UsersTable | undefined> {
    return this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
  }

  async byId(id: string): Promise<UsersTable | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async count(): Promise<number> {
    const r = await this.#db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(r.n)
  }

  async list(): Promise<UsersTable[]> {
    return this.#db.selectFrom('users').selectAll().orderBy('created_at').orderBy('email').execute()
  }

  async update(id: string, patch: Partial<Omit<UsersTable, 'id'>>): Promise<boolean> {
    const r = await this.#db.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
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

  async insertSession(row: SessionsTable): Promise<void> {
    await this.#db.insertInto('sessions').values(row).execute()
  }

  async session(tokenHash: string): Promise<SessionsTable | undefined> {
    return this.#db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
  }

  async extendSession(tokenHash: string, expiresAt: number): Promise<void> {
    await this.#db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute()
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
  }

  /** Every session of a person: after a password reset, all of them end. */
  async deleteSessionsOf(userId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.#db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
  }
}
