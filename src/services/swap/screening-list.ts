import type { Kysely } from 'kysely'
import type { Database, SwapScreeningTable } from '../../db/schema.js'
import { SwapRequestInvalidError } from '../../errors/index.js'

/**
 * The operator's screening list: addresses no order may pay out to (every split output and
 * every exchange destination is checked before an order is written). Addresses are kept
 * exactly as given, since several networks' addresses are case-sensitive.
 */
export class ScreeningList {
  readonly #db: Kysely<Database>
  readonly #now: () => number

  constructor(db: Kysely<Database>, now: () => number) {
    this.#db = db
    this.#now = now
  }

  async add(address: string, reason: string): Promise<void> {
    const a = address.trim()
    if (a === '' || a.length > 200) throw new SwapRequestInvalidError('An address of 1–200 characters is required.')
    await this.#db
      .insertInto('swap_screening')
      .values({ address: a, reason: reason.trim() || 'operator decision', created_at: this.#now() })
      .onConflict((oc) => oc.column('address').doUpdateSet({ reason: reason.trim() || 'operator decision' }))
      .execute()
  }

  /** True when the address was on the list. */
  async remove(address: string): Promise<boolean> {
    const r = await this.#db.deleteFrom('swap_screening').where('address', '=', address.trim()).executeTakeFirst()
    return Number(r.numDeletedRows) > 0
  }

  async list(): Promise<SwapScreeningTable[]> {
    return this.#db.selectFrom('swap_screening').selectAll().orderBy('created_at').execute()
  }
}
