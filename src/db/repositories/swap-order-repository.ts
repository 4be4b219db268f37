import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type { ScreenedAddress, SwapAuditFilter, SwapAuditRecord } from '../../domain/swap/swap-compliance.js'
import type { StoredSplitPlan, SwapOrder } from '../../domain/swap/swap-order.js'
import { uuidV7 } from '../uuid-v7.js'
import type { Database, SwapOrdersTable } from '../schema.js'

type SwapOrderRow = Selectable<SwapOrdersTable>

/** The one place a stored order becomes a domain `SwapOrder` (its plan parsed once). */
function toSwapOrder(row: SwapOrderRow): SwapOrder {
  return {
    trackcode: row.trackcode,
    type: row.type,
    accountId: row.account_id,
    partnerAccountId: row.partner_account_id,
    coin: row.coin,
    network: row.network,
    chainNetwork: row.chain_network,
    depositAddress: row.deposit_address,
    depositIndex: row.deposit_index === null ? null : Number(row.deposit_index),
    depositAmount: BigInt(row.deposit_amount),
    serviceFee: BigInt(row.service_fee),
    plan: JSON.parse(row.plan) as StoredSplitPlan,
    activatedAt: row.activated_at === null ? null : Number(row.activated_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
    expiresAt: Number(row.expires_at),
    createdAt: Number(row.created_at),
  }
}

/** Where the worker's walk through a list of orders stopped: the last order it was given. */
export interface OrderCursor {
  createdAt: number
  trackcode: string
}

/** Keyset paging in (created_at, trackcode) order: the orders after `after`. */
function pastCursor(after: OrderCursor) {
  return (eb: ExpressionBuilder<Database, 'swap_orders'>) =>
    eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('trackcode', '>', after.trackcode)])])
}

/** Swap orders, the screening list and the operator's audit record (`swap_orders`, `swap_screening`, `swap_audit`). */
export class SwapOrderRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insert(o: SwapOrder): Promise<void> {
    await this.#db
      .insertInto('swap_orders')
      .values({
        trackcode: o.trackcode,
        type: o.type,
        account_id: o.accountId,
        partner_account_id: o.partnerAccountId,
        coin: o.coin,
        network: o.network,
        chain_network: o.chainNetwork,
        deposit_address: o.depositAddress,
        deposit_index: o.depositIndex,
        deposit_amount: o.depositAmount.toString(),
        service_fee: o.serviceFee.toString(),
        plan: JSON.stringify(o.plan),
        activated_at: o.activatedAt,
        deleted_at: o.deletedAt,
        expires_at: o.expiresAt,
        created_at: o.createdAt,
      })
      .execute()
  }

  /** Any order, deleted or not, while its row is kept. */
  async byTrackcode(trackcode: string): Promise<SwapOrder | undefined> {
    const row = await this.#db.selectFrom('swap_orders').selectAll().where('trackcode', '=', trackcode).executeTakeFirst()
    return row && toSwapOrder(row)
  }

  /** An order still in the API: not deleted, and created after `since`; with `accountId`, only that account's. */
  async visible(trackcode: string, since: number, accountId?: string): Promise<SwapOrder | undefined> {
    let q = this.#db
      .selectFrom('swap_orders')
      .selectAll()
      .where('trackcode', '=', trackcode)
      .where('deleted_at', 'is', null)
      .where('created_at', '>', since)
    if (accountId !== undefined) q = q.where('account_id', '=', accountId)
    const row = await q.executeTakeFirst()
    return row && toSwapOrder(row)
  }

  async markDeleted(trackcode: string, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('swap_orders')
      .set({ deleted_at: now })
      .where('trackcode', '=', trackcode)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /**
   * Orders not yet activated nor deleted, created after `since`, oldest first, the page after
   * `after`: the swap worker walks all of them, so that a funded order is never stuck behind
   * a long list of unfunded older ones.
   */
  async waiting(since: number, after: OrderCursor | null, limit: number): Promise<SwapOrder[]> {
    let q = this.#db
      .selectFrom('swap_orders')
      .selectAll()
      .where('activated_at', 'is', null)
      .where('deleted_at', 'is', null)
      .where('created_at', '>', since)
    if (after) q = q.where(pastCursor(after))
    const rows = await q.orderBy('created_at').orderBy('trackcode').limit(limit).execute()
    return rows.map(toSwapOrder)
  }

  /** Activated orders (deleted ones too: they are still paid) created after `since`, oldest first, the page after `after`. */
  async running(since: number, after: OrderCursor | null, limit: number): Promise<SwapOrder[]> {
    let q = this.#db.selectFrom('swap_orders').selectAll().where('activated_at', 'is not', null).where('created_at', '>', since)
    if (after) q = q.where(pastCursor(after))
    const rows = await q.orderBy('created_at').orderBy('trackcode').limit(limit).execute()
    return rows.map(toSwapOrder)
  }

  /** Sets `activated_at` once: false if the order was activated already. */
  async markActivated(trackcode: string, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('swap_orders')
      .set({ activated_at: now })
      .where('trackcode', '=', trackcode)
      .where('activated_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  async activatedAt(trackcode: string): Promise<number | null> {
    const row = await this.#db.selectFrom('swap_orders').select('activated_at').where('trackcode', '=', trackcode).executeTakeFirst()
    return row?.activated_at === null || row?.activated_at === undefined ? null : Number(row.activated_at)
  }

  // The audit record (`swap_audit`): kept for KASSA_SWAP_AUDIT_DAYS, beyond the order itself.

  async audit(trackcode: string, accountId: string, event: string, detail: Record<string, unknown>, now: number): Promise<void> {
    await this.#db
      .insertInto('swap_audit')
      .values({ id: uuidV7(now), trackcode, account_id: accountId, event, detail: JSON.stringify(detail), created_at: now })
      .execute()
  }

  /** Newest first; filters match exactly, so the indexes on them serve the query. */
  async auditRecords(f: SwapAuditFilter, limit: number): Promise<SwapAuditRecord[]> {
    let q = this.#db.selectFrom('swap_audit').selectAll()
    if (f.trackcode) q = q.where('trackcode', '=', f.trackcode.toUpperCase())
    if (f.accountId) q = q.where('account_id', '=', f.accountId)
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
    return rows.map((r) => ({
      id: r.id,
      trackcode: r.trackcode,
      accountId: r.account_id,
      event: r.event,
      detail: r.detail,
      createdAt: Number(r.created_at),
    }))
  }

  // The screening list (`swap_screening`).

  /** The first of `addresses` on the screening list, if any. */
  async firstScreened(addresses: readonly string[]): Promise<string | undefined> {
    if (addresses.length === 0) return undefined
    const row = await this.#db
      .selectFrom('swap_screening')
      .select('address')
      .where('address', 'in', [...addresses])
      .limit(1)
      .executeTakeFirst()
    return row?.address
  }

  /** Adds an address, or gives a listed one its new reason. */
  async screen(address: string, reason: string, now: number): Promise<void> {
    await this.#db
      .insertInto('swap_screening')
      .values({ address, reason, created_at: now })
      .onConflict((oc) => oc.column('address').doUpdateSet({ reason }))
      .execute()
  }

  /** True when the address was on the list. */
  async unscreen(address: string): Promise<boolean> {
    const r = await this.#db.deleteFrom('swap_screening').where('address', '=', address).executeTakeFirst()
    return Number(r.numDeletedRows) > 0
  }

  /** The whole list, oldest entry first. */
  async screened(): Promise<ScreenedAddress[]> {
    const rows = await this.#db.selectFrom('swap_screening').selectAll().orderBy('created_at').execute()
    return rows.map((r) => ({ address: r.address, reason: r.reason, createdAt: Number(r.created_at) }))
  }

  // Retention.

  /** Trackcodes of orders created before `before`, by trackcode, the page after `after`. */
  async createdBefore(before: number, after: string | null, limit: number): Promise<string[]> {
    let q = this.#db.selectFrom('swap_orders').select('trackcode').where('created_at', '<', before)
    if (after !== null) q = q.where('trackcode', '>', after)
    return (await q.orderBy('trackcode').limit(limit).execute()).map((r) => r.trackcode)
  }

  async deleteOrders(trackcodes: readonly string[]): Promise<number> {
    if (trackcodes.length === 0) return 0
    const r = await this.#db
      .deleteFrom('swap_orders')
      .where('trackcode', 'in', [...trackcodes])
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  async dropAuditBefore(before: number): Promise<number> {
    const r = await this.#db.deleteFrom('swap_audit').where('created_at', '<', before).executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  // Reads for the dashboard

  /** An account's orders still stored, newest first, at most `limit` (its partner page). */
  async ofAccount(accountId: string, limit: number): Promise<SwapOrder[]> {
    const rows = await this.#db
      .selectFrom('swap_orders')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('trackcode')
      .limit(limit)
      .execute()
    return rows.map(toSwapOrder)
  }

  /**
   * `activated` audit records whose detail names `partnerAccountId`, newest first. The detail
   * is JSON.stringify's (no spaces), so the LIKE finds exactly those; callers parse it again.
   * The id is a UUID: no LIKE wildcard can be in it.
   */
  async activationsNaming(partnerAccountId: string, limit: number): Promise<Pick<SwapAuditRecord, 'trackcode' | 'detail' | 'createdAt'>[]> {
    const rows = await this.#db
      .selectFrom('swap_audit')
      .select(['trackcode', 'detail', 'created_at'])
      .where('event', '=', 'activated')
      .where('detail', 'like', `%"partner_account_id":"${partnerAccountId}"%`)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute()
    return rows.map((r) => ({ trackcode: r.trackcode, detail: r.detail, createdAt: Number(r.created_at) }))
  }

  /** The deposit coin and network of those orders still stored. */
  async orderCoins(trackcodes: readonly string[]): Promise<Pick<SwapOrder, 'trackcode' | 'coin' | 'network'>[]> {
    if (trackcodes.length === 0) return []
    return this.#db
      .selectFrom('swap_orders')
      .select(['trackcode', 'coin', 'network'])
      .where('trackcode', 'in', [...trackcodes])
      .execute()
  }

  /** The detail of each order's `created` audit record: it outlives the order row. */
  async creationDetails(trackcodes: readonly string[]): Promise<Pick<SwapAuditRecord, 'trackcode' | 'detail'>[]> {
    if (trackcodes.length === 0) return []
    return this.#db
      .selectFrom('swap_audit')
      .select(['trackcode', 'detail'])
      .where('trackcode', 'in', [...trackcodes])
      .where('event', '=', 'created')
      .execute()
  }

  // Reads for the receive path

  /** Whether `address` is a Swap order's deposit address on `network`, deleted or not: no funds are dropped. */
  async isDepositAddress(network: string, address: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('swap_orders')
      .select('trackcode')
      .where('chain_network', '=', network)
      .where('deposit_address', '=', address)
      .executeTakeFirst()
    return row !== undefined
  }
}
