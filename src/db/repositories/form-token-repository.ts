import type { RepositoryContext } from './repository-context.js'

/**
 * How long a spent token is remembered. The forms' tokens expire well before this (the
 * withdrawal confirmation's after 15 minutes), so forgetting one later cannot let it be spent twice.
 */
const KEEP_MS = 24 * 3_600_000

/** Spent one-use tokens of dashboard forms (`form_tokens`). */
export class FormTokenRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /**
   * Spends `token`: true the first time, false when it was spent already. Run it in the unit of
   * work that does what the form asked: a concurrent spend of the same token waits on the
   * primary key until this transaction ends, and then finds it spent (or, if this one rolled
   * back, spends it itself). Tokens older than a day are dropped on the way: the table holds a
   * day of a store's money forms at most.
   */
  async spend(token: string, now: number): Promise<boolean> {
    await this.#ctx.db
      .deleteFrom('form_tokens')
      .where('used_at', '<', now - KEEP_MS)
      .execute()
    const inserted = await this.#ctx.db
      .insertInto('form_tokens')
      .values({ token, used_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('token')
      .executeTakeFirst()
    return inserted !== undefined
  }

  async isSpent(token: string): Promise<boolean> {
    const row = await this.#ctx.db.selectFrom('form_tokens').select('token').where('token', '=', token).executeTakeFirst()
    return row !== undefined
  }
}
