import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** The operator's settings as key/value text; the meaning of each key lives in services/dashboard. */
export class OperatorSettingsRepository {
  readonly #db: Kysely<Database>

  constructor(ctx: RepositoryContext) {
    this.#db = ctx.db
  }

  async all(): Promise<Map<string, string>> {
    const rows = await this.#db.selectFrom('operator_settings').select(['key', 'value']).execute()
    return new Map(rows.map((r) => [r.key, r.value]))
  }

  async set(key: string, value: string, now: number): Promise<void> {
    await this.#db
      .insertInto('operator_settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
  }
}
