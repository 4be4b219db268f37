import type { Kysely } from 'kysely'
import type { SwapAuditFilter, SwapAuditRecord } from '../../domain/swap/swap-compliance.js'
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

  // Reads for the dashboard

  /** Newest first; filters match exactly, so the indexes on them serve the query. */
  async auditRecords(f: SwapAuditFilter, limit: number): Promise<SwapAuditRecord[]> {
    let q = this.#db.selectFrom('swap_audit').selectAll()
    if (f.trackcode) q = q.where('trackcode', '=', f.trackcode.toUpperCase())
    if (f.accountId) q = q.where('account_id', '=', f.accountId)
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
    return rows.map((r) => ({ id: r.id, trackcode: r.trackcode, accountId: r.account_id, event: r.event, detail: r.detail, createdAt: Number(r.created_at) }))
  }

  /** An account's orders still stored, newest first, at most `limit`. */
  async ordersOfAccount(accountId: string, limit: number): Promise<AccountOrderRecord[]> {
    const rows = await this.#db.selectFrom('swap_orders').selectAll().where('account_id', '=', accountId)
      .orderBy('created_at', 'desc').orderBy('trackcode').limit(limit).execute()
    return rows.map((o) => ({
      trackcode: o.trackcode,
      type: o.type,
      coin: o.coin,
      network: o.network,
      depositAmount: BigInt(o.deposit_amount),
      activatedAt: o.activated_at === null ? null : Number(o.activated_at),
      deletedAt: o.deleted_at === null ? null : Number(o.deleted_at),
      expiresAt: Number(o.expires_at),
      createdAt: Number(o.created_at),
    }))
  }

  /**
   * `activated` audit records whose detail names `partnerAccountId`, newest first. The detail
   * is JSON.stringify's (no spaces), so the LIKE finds exactly those; callers parse it again.
   * The id is a UUID: no LIKE wildcard can be in it.
   */
  async activationsNaming(partnerAccountId: string, limit: number): Promise<Pick<SwapAuditRecord, 'trackcode' | 'detail' | 'createdAt'>[]> {
    const rows = await this.#db.selectFrom('swap_audit').select(['trackcode', 'detail', 'created_at']).where('event', '=', 'activated')
      .where('detail', 'like', `%"partner_account_id":"${partnerAccountId}"%`).orderBy('created_at', 'desc').limit(limit).execute()
    return rows.map((r) => ({ trackcode: r.trackcode, detail: r.detail, createdAt: Number(r.created_at) }))
  }

  /** The deposit coin and network of those orders still stored. */
  async orderCoins(trackcodes: readonly string[]): Promise<{ trackcode: string; coin: string; network: string }[]> {
    if (trackcodes.length === 0) return []
    return this.#db.selectFrom('swap_orders').select(['trackcode', 'coin', 'network']).where('trackcode', 'in', [...trackcodes]).execute()
  }

  /** The detail of each order's `created` audit record: it outlives the order row. */
  async creationDetails(trackcodes: readonly string[]): Promise<{ trackcode: string; detail: string }[]> {
    if (trackcodes.length === 0) return []
    return this.#db.selectFrom('swap_audit').select(['trackcode', 'detail']).where('trackcode', 'in', [...trackcodes]).where('event', '=', 'created').execute()
  }
}

/** An order as its account's partner page lists it. */
export interface AccountOrderRecord {
  trackcode: string
  type: 'mixer' | 'exchange'
  coin: string
  network: string
  /** Atomic units of the deposit coin. */
  depositAmount: bigint
  activatedAt: number | null
  deletedAt: number | null
  expiresAt: number
  createdAt: number
}
