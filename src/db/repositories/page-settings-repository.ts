import type { Kysely, Selectable } from 'kysely'
import { PAGE_SETTINGS_DEFAULTS } from '../../domain/stores/page-settings.js'
import type { PageSettings } from '../../domain/stores/page-settings.js'
import type { Database, StorePageSettingsTable } from '../schema.js'
import { preparedFor, readPrepared } from './prepared-statements.js'
import type { PreparedCache } from './prepared-statements.js'
import type { RepositoryContext } from './repository-context.js'

type Row = Selectable<StorePageSettingsTable>

function toSettings(row: Row | undefined): PageSettings {
  if (!row) return { ...PAGE_SETTINGS_DEFAULTS }
  return {
    widgetEnabled: row.widget_enabled === 1,
    widgetOrigins: JSON.parse(row.widget_origins) as string[],
    donationsEnabled: row.donations_enabled === 1,
    donationText: row.donation_text,
    donationAmounts: JSON.parse(row.donation_amounts) as string[],
    donationColor: row.donation_color,
    donationThanks: row.donation_thanks,
  }
}

// Read on every buyer page view: compiled once (db/prepared-query.ts).
const getQueries: PreparedCache<Row, [string]> = new WeakMap()

export class PageSettingsRepository {
  readonly #ctx: RepositoryContext
  readonly #db: Kysely<Database>
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
    this.#db = ctx.db
  }

  async get(storeId: string): Promise<PageSettings> {
    const q = preparedFor(getQueries, this.#ctx, 1, (db, id) =>
      db
        .selectFrom('store_page_settings')
        .selectAll()
        .where('store_id', '=', id as string),
    )
    const [row] = await readPrepared(this.#ctx, q, storeId)
    return toSettings(row)
  }

  async put(storeId: string, s: PageSettings, now: number): Promise<void> {
    const row: Row = {
      store_id: storeId,
      widget_enabled: s.widgetEnabled ? 1 : 0,
      widget_origins: JSON.stringify(s.widgetOrigins),
      donations_enabled: s.donationsEnabled ? 1 : 0,
      donation_text: s.donationText,
      donation_amounts: JSON.stringify(s.donationAmounts),
      donation_color: s.donationColor,
      donation_thanks: s.donationThanks,
      updated_at: now,
    }
    const { store_id: _id, ...rest } = row
    await this.#db
      .insertInto('store_page_settings')
      .values(row)
      .onConflict((oc) => oc.column('store_id').doUpdateSet(rest))
      .execute()
  }
}
