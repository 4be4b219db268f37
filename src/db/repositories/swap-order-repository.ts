import type { Kysely } from 'kysely'
import { uuidV7 } from '../uuid-v7.js'
import type { Database, SwapOrdersTable } from '../schema.js'

/** Swap orders, the screening list and the operator's audit record. */
export class SwapOrderRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insert(row: SwapOrdersTable): Promise<void> {
    await this.#db.insertInto('swap_orders').values(row).execute()
  }

  /** An order of this account still in the API: not deleted, and created after `since`. */
  async visible(accountId: string, trackcode: string, since: number): Promise<SwapOrdersTable | undefined> {
    return this.#db
      .selectFrom('swap_orders')
      .selectAll()
      .where('trackcode', '=', trackcode)
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .where('created_at', '>', since)
      .executeTakeFirst()
  }

  async markDeleted(trackcode: string, now: number): Promise<boolean> {
    const r = await this.#db.updateTable('swap_orders').set({ deleted_at: now }).where('trackcode', '=', trackcode).where('deleted_at', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  async audit(trackcode: string, accountId: string, event: string, detail: Record<string, unknown>, now: number): Promise<void> {
    await this.#db.insertInto('swap_audit').values({ id: uuidV7(now), trackcode, account_id: accountId, event, detail: JSON.stringify(detail), created_at: now }).execute()
  }

  /** The first of `addresses` on the screening list, if any. */
  async firstScreened(addresses: readonly string[]): Promise<string | undefined> {
    if (addresses.length === 0) return undefined
    const row = await this.#db.selectFrom('swap_screening').select('address').where('address', 'in', [...addresses]).limit(1).executeTakeFirst()
    return row?.address
  }
}
