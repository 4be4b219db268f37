import type { Kysely } from 'kysely'
import type { ThrottleCounter } from '../../domain/accounts/login-throttle.js'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** Failed sign-in counters, one row per key ('email:…', 'ip:…'). */
export class LoginThrottleRepository {
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#db = ctx.db
  }

  async get(keys: readonly string[]): Promise<ThrottleCounter[]> {
    if (keys.length === 0) return []
    const rows = await this.#db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute()
    return rows.map((r) => ({ key: r.key, failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until }))
  }

  async put(c: ThrottleCounter): Promise<void> {
    const row = { key: c.key, failures: c.failures, window_start: c.windowStart, locked_until: c.lockedUntil }
    await this.#db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: row.failures, window_start: row.window_start, locked_until: row.locked_until }),
      )
      .execute()
  }

  /** Counters whose window started before `windowStartBefore` and whose lock is over at `now`. */
  async deleteIdle(windowStartBefore: number, now: number): Promise<void> {
    await this.#db.deleteFrom('login_throttle').where('window_start', '<', windowStartBefore).where('locked_until', '<=', now).execute()
  }

  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('login_throttle').where('key', '=', key).execute()
  }
}
