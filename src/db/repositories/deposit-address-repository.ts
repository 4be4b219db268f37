import type { Kysely } from 'kysely'
import { PreparedQuery, preparedInsert } from '../prepared-query.js'
import type { Database } from '../schema.js'
import { preparedFor } from './prepared-statements.js'
import type { PreparedCache } from './prepared-statements.js'
import type { RepositoryContext } from './repository-context.js'

/** Whose a deposit address is: a store's, and the payment's when it was made for one. */
export interface AddressOwner {
  storeId: string
  /** null for a store's shared unique-amount address. */
  paymentId: string | null
}

export interface NewDepositAddress {
  network: string
  address: string
  storeId: string
  derivationIndex: number
  paymentId: string | null
  now: number
}

/** Addresses a watcher must start following, and the highest derivation index among them. */
export interface NewWatchedAddresses {
  addresses: string[]
  /** -1 when there are none. */
  highestIndex: number
}

/** The counters run once per payment: compiled once per database (db/prepared-query.ts). */
const nextStoreIndexQueries: PreparedCache<{ next_index: number }, [string, string]> = new WeakMap()
const nextNetworkIndexQueries: PreparedCache<{ next_index: number }, [string]> = new WeakMap()
const insertDepositAddress = preparedInsert('deposit_addresses', [
  'network',
  'address',
  'store_id',
  'derivation_index',
  'payment_id',
  'created_at',
])

/**
 * The next derivation index of the counter `network` (`network_address_counters`), atomically
 * on both dialects: the upsert either creates the counter at 0 or bumps it, and RETURNING
 * hands back the index to use. Runs on `executor`, the caller's transaction: the counter row
 * stays locked until it commits, so indexes become visible in order. @internal: Swap orders'
 * addresses (services/swap/deposit-address.ts) share these counters.
 */
export async function nextNetworkIndex(root: Kysely<Database>, executor: Kysely<Database>, network: string): Promise<number> {
  let q = nextNetworkIndexQueries.get(root)
  if (!q) {
    q = new PreparedQuery(root, 1, (db, net) =>
      db
        .insertInto('network_address_counters')
        .values({ network: net as string, next_index: 0 })
        .onConflict((oc) => oc.column('network').doUpdateSet((eb) => ({ next_index: eb('network_address_counters.next_index', '+', 1) })))
        .returning('next_index'),
    )
    nextNetworkIndexQueries.set(root, q)
  }
  const [row] = await q.executeOn(executor, network)
  return Number(row!.next_index)
}

/** Payments' deposit addresses and the counters they are derived from (`deposit_addresses`, `address_counters`, `network_address_counters`). */
export class DepositAddressRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /** The next derivation index of a store on a network (a per-store key); see `nextNetworkIndex`. */
  async nextStoreIndex(storeId: string, network: string): Promise<number> {
    const q = preparedFor(nextStoreIndexQueries, this.#ctx, 2, (db, store, net) =>
      db
        .insertInto('address_counters')
        .values({ store_id: store as string, network: net as string, next_index: 0 })
        .onConflict((oc) =>
          oc.columns(['store_id', 'network']).doUpdateSet((eb) => ({ next_index: eb('address_counters.next_index', '+', 1) })),
        )
        .returning('next_index'),
    )
    const [row] = await q.executeOn(this.#ctx.db, storeId, network)
    return Number(row!.next_index)
  }

  /**
   * The next derivation index of a network whose addresses all come from one operator key
   * (`indexScope: 'network'`): one sequence for every store, or two stores would share an address.
   */
  async nextNetworkIndex(network: string): Promise<number> {
    return nextNetworkIndex(this.#ctx.root, this.#ctx.db, network)
  }

  async insert(a: NewDepositAddress): Promise<void> {
    await insertDepositAddress(this.#ctx.root, this.#ctx.db, {
      network: a.network,
      address: a.address,
      store_id: a.storeId,
      derivation_index: a.derivationIndex,
      payment_id: a.paymentId,
      created_at: a.now,
    })
  }

  /** The store's first shared address on the network (no payment of its own), if it has one. */
  async sharedAddress(storeId: string, network: string): Promise<string | undefined> {
    const row = await this.#ctx.db
      .selectFrom('deposit_addresses')
      .select('address')
      .where('store_id', '=', storeId)
      .where('network', '=', network)
      .where('payment_id', 'is', null)
      .orderBy('derivation_index')
      .limit(1)
      .executeTakeFirst()
    return row?.address
  }

  async ownerOf(network: string, address: string): Promise<AddressOwner | undefined> {
    const row = await this.#ctx.db
      .selectFrom('deposit_addresses')
      .select(['store_id', 'payment_id'])
      .where('network', '=', network)
      .where('address', '=', address)
      .executeTakeFirst()
    return row === undefined ? undefined : { storeId: row.store_id, paymentId: row.payment_id }
  }

  /**
   * Deposit addresses on `network` derived above `afterIndex`: payments' and Swap orders'.
   * They share the network's counter, so one statement reads both (swap_orders' deposit
   * columns included): both then come from one snapshot, and no index can be passed over
   * between two reads.
   */
  async watchedAbove(network: string, afterIndex: number): Promise<NewWatchedAddresses> {
    const rows = await this.#ctx.db
      .selectFrom('deposit_addresses')
      .select(['address', 'derivation_index as idx'])
      .where('network', '=', network)
      .where('derivation_index', '>', afterIndex)
      .unionAll((db) =>
        db
          .selectFrom('swap_orders')
          .select(['deposit_address as address', 'deposit_index as idx'])
          .where('chain_network', '=', network)
          .where('deposit_index', '>', afterIndex)
          .$narrowType<{ idx: number }>(),
      )
      .execute()
    const addresses: string[] = []
    let highestIndex = -1
    // A loop, not Math.max(...rows): the first pass may load a million rows, past the number
    // of arguments a call can take.
    for (const r of rows) {
      addresses.push(r.address)
      highestIndex = Math.max(highestIndex, Number(r.idx))
    }
    return { addresses, highestIndex }
  }
}
