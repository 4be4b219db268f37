import type { RepositoryContext } from './repository-context.js'

/** Signatures of signed Merchant API requests already accepted (`seen_signatures`). */
export class SeenSignatureRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /**
   * Records the store's signature; true the first time, false when it is recorded already.
   * Insert-if-absent on the primary key, so of two instances that see the same signature at
   * once exactly one gets true (the other waits on the key and then finds it).
   */
  async remember(storeId: string, signature: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.#ctx.db
      .insertInto('seen_signatures')
      .values({ store_id: storeId, signature, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['store_id', 'signature']).doNothing())
      .returning('signature')
      .executeTakeFirst()
    return inserted !== undefined
  }

  /** Drops signatures whose timestamp can no longer pass the check; returns how many. */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.#ctx.db.deleteFrom('seen_signatures').where('expires_at', '<', now).executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  async count(): Promise<number> {
    const r = await this.#ctx.db
      .selectFrom('seen_signatures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }
}
