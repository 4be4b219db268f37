import type { Kysely } from 'kysely'
import { uuidV7 } from '../uuid-v7.js'
import type { Database, SwapOrdersTable } from '../schema.js'

/** An order's deposit: the coin (as the Swap API names it), where it is paid, and how much. */
export interface SwapOrderDeposit {
  coin: string
  network: string
  /** The Kassa network the deposit address is on. */
  chainNetwork: string
  address: string
  /** Atomic units at the coin's Swap API precision (`chainScale` turns them into the chain's). */
  amount: bigint
}

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

  // Reads for the receive path

  /** Whether `address` is a Swap order's deposit address on `network`, deleted or not: no funds are dropped. */
  async isDepositAddress(network: string, address: string): Promise<boolean> {
    const row = await this.#db.selectFrom('swap_orders').select('trackcode').where('chain_network', '=', network).where('deposit_address', '=', address).executeTakeFirst()
    return row !== undefined
  }

  /** Where and how much an order waits for, for test mode's "pay" of an order. */
  async deposit(trackcode: string): Promise<SwapOrderDeposit | undefined> {
    const row = await this.#db
      .selectFrom('swap_orders')
      .select(['coin', 'network', 'chain_network', 'deposit_address', 'deposit_amount'])
      .where('trackcode', '=', trackcode)
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : { coin: row.coin, network: row.network, chainNetwork: row.chain_network, address: row.deposit_address, amount: BigInt(row.deposit_amount) }
  }
}
