import type { Kysely } from 'kysely'
import { PageSettingsRepository } from '../db/repositories/page-settings-repository.js'
import type { Database } from '../db/schema.js'
import type { PageSettings } from '../domain/stores/page-settings.js'
import { StoreNotFoundError } from '../errors/index.js'

export type PageSettingsPatch = Partial<PageSettings>

/** Widget and donation settings of stores (`kassa store update --widget … --donations …`). */
export class PageSettingsService {
  readonly #db: Kysely<Database>
  readonly #now: () => number

  constructor(db: Kysely<Database>, now: () => number) {
    this.#db = db
    this.#now = now
  }

  get(storeId: string): Promise<PageSettings> {
    return new PageSettingsRepository(this.#db).get(storeId)
  }

  async update(storeId: string, patch: PageSettingsPatch): Promise<PageSettings> {
    return this.#db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('stores').select('id').where('id', '=', storeId).executeTakeFirst()
      if (!exists) throw new StoreNotFoundError(storeId)
      const repo = new PageSettingsRepository(trx)
      const next = { ...(await repo.get(storeId)), ...patch }
      await repo.put(storeId, next, this.#now())
      return next
    })
  }
}
