import type { Kysely } from 'kysely'
import type { Database, LoginThrottleTable } from '../schema.js'

/** Failed sign-in counters, one row per key ('email:…', 'ip:…'). */
export class LoginThrottleRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(keys: readonly string[]): Promise<LoginThrottleTable[]> {
    if (keys.length === 0) return []
    return this.#db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute()
  }

  async put(row: LoginThrottleTable): Promise<void> {
    await this.#db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, window_start: row.window_start, locked_until: row.locked_until }))
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
