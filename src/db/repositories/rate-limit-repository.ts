import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** A key's count in its current window, as the hit that was just counted left it. */
export interface RateLimitHit {
  hits: number
  windowEndsAt: number
}

/**
 * Rate-limit counters shared by the instances on one database (`rate_limit_counters`): a fixed
 * window per key, opened by its first hit and counted until it ends, as @fastify/rate-limit's
 * in-memory store counts.
 */
export class RateLimitRepository {
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#db = ctx.db
  }

  /**
   * Counts one hit of `key` and returns the count. One statement, an upsert, so concurrent hits
   * from any number of instances each add exactly one (the primary key serialises them): the
   * first hit, or the first after the window ended, starts a new window of `windowMs` at `now`.
   */
  async hit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
    const row = await this.#db
      .insertInto('rate_limit_counters')
      .values({ key, hits: 1, window_ends_at: now + windowMs })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when rate_limit_counters.window_ends_at <= ${now} then 1 else rate_limit_counters.hits + 1 end`,
          window_ends_at: sql<number>`case when rate_limit_counters.window_ends_at <= ${now} then excluded.window_ends_at else rate_limit_counters.window_ends_at end`,
        }),
      )
      .returning(['hits', 'window_ends_at'])
      .executeTakeFirstOrThrow()
    return { hits: Number(row.hits), windowEndsAt: Number(row.window_ends_at) }
  }

  /** Drops the counters whose window ended by `now`; returns how many. */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.#db.deleteFrom('rate_limit_counters').where('window_ends_at', '<=', now).executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}
