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

  /**
   * Drops signatures whose timestamp can no longer pass the check; returns how many. By the
   * primary key, store by store (`store_id in …` then `expires_at <`): the expired rows are the
   * front of each store's range. A signature is recorded only for a store found by its API
   * key, and stores are never deleted, so every row is reached.
   */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.#ctx.db
      .deleteFrom('seen_signatures')
      .where('store_id', 'in', (eb) => eb.selectFrom('stores').select('id'))
      .where('expires_at', '<', now)
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
