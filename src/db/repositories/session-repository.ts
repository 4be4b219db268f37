import type { Kysely } from 'kysely'
import type { Session } from '../../domain/accounts/user.js'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** Dashboard sign-ins (`sessions`), found by the hash of the cookie's token. */
export class SessionRepository {
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#db = ctx.db
  }

  async insert(s: Session): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        token_hash: s.tokenHash,
        user_id: s.userId,
        stage: s.stage,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute()
  }

  async byTokenHash(tokenHash: string): Promise<Session | undefined> {
    const row = await this.#db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return row && { tokenHash: row.token_hash, userId: row.user_id, stage: row.stage, createdAt: row.created_at, expiresAt: row.expires_at }
  }

  async extend(tokenHash: string, expiresAt: number): Promise<void> {
    await this.#db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute()
  }

  async delete(tokenHash: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
  }

  /** Every session of a person: after a password change or reset, all of them end. */
  async deleteAllOf(userId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  async deleteExpired(now: number): Promise<void> {
    await this.#db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
  }
}
