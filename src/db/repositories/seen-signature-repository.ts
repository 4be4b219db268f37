import { preparedFor } from './prepared-statements.js'
import type { PreparedCache } from './prepared-statements.js'
import type { RepositoryContext } from './repository-context.js'

/** Run for every signed create: compiled once per database (db/prepared-query.ts). */
const rememberQueries: PreparedCache<never, [string, string, number]> = new WeakMap()

/** Signatures of signed Merchant API requests already accepted (`seen_signatures`). */
export class SeenSignatureRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /**
   * Records the store's signature; true the first time, false when it is recorded already.
   * `expiresAt` follows from the signed timestamp, so the same signed bytes always meet the same
   * key (store, expiry, signature; migration 018). Insert-if-absent on the primary key, so of
   * two instances that see the same signature at once exactly one gets true (the other waits on
   * the key and then finds it).
   */
  async remember(storeId: string, signature: string, expiresAt: number): Promise<boolean> {
    const q = preparedFor(rememberQueries, this.#ctx, 3, (db, store, sig, expires) =>
      db
        .insertInto('seen_signatures')
        .values({ store_id: store as string, signature: sig as string, expires_at: expires as number })
        .onConflict((oc) => oc.columns(['store_id', 'expires_at', 'signature']).doNothing()),
    )
    return (await q.changesOn(this.#ctx.db, storeId, signature, expiresAt)) === 1
  }

  /** The stores whose signatures a purge walks: a signature is recorded only for a store found by its API key, and stores are never deleted. */
  async storeIds(): Promise<string[]> {
    const rows = await this.#ctx.db.selectFrom('stores').select('id').execute()
    return rows.map((r) => r.id)
  }

  /**
   * Drops about `limit` of the store's signatures whose timestamp can no longer pass the check,
   * oldest first; returns how many. Fewer than `limit` means none expired is left. By the
   * primary key (store, expiry, signature): the expired rows are the front of the store's range.
   * The batch ends at the expiry of its `limit`-th row, ties included (the signatures of one
   * timestamp second), so it can exceed `limit` by those and never stalls on them.
   */
  async purgeExpiredBatch(storeId: string, now: number, limit: number): Promise<number> {
    const last = await this.#ctx.db
      .selectFrom('seen_signatures')
      .select('expires_at')
      .where('store_id', '=', storeId)
      .where('expires_at', '<', now)
      .orderBy('expires_at')
      .limit(1)
      .offset(limit - 1)
      .executeTakeFirst()
    const r = await this.#ctx.db
      .deleteFrom('seen_signatures')
      .where('store_id', '=', storeId)
      .where('expires_at', last ? '<=' : '<', last ? last.expires_at : now)
      .executeTakeFirst()
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
