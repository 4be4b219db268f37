import type { Repositories } from '../db/repositories/repositories.js'
import type { PageSettings } from '../domain/stores/page-settings.js'
import { StoreNotFoundError } from '../errors/index.js'

export type PageSettingsPatch = Partial<PageSettings>

/** Widget and donation settings of stores (`kassa store update --widget … --donations …`). */
export class PageSettingsService {
  readonly #repos: Repositories
  readonly #now: () => number

  constructor(repos: Repositories, now: () => number) {
    this.#repos = repos
    this.#now = now
  }

  get(storeId: string): Promise<PageSettings> {
    return this.#repos.pageSettings.get(storeId)
  }

  async update(storeId: string, patch: PageSettingsPatch): Promise<PageSettings> {
    return this.#repos.write(async (tx) => {
      if (!(await tx.stores.exists(storeId))) throw new StoreNotFoundError(storeId)
      const next = { ...(await tx.pageSettings.get(storeId)), ...patch }
      await tx.pageSettings.put(storeId, next, this.#now())
      return next
    })
  }
}
