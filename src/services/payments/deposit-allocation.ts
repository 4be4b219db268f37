import type { Kysely } from 'kysely'
import type { ChainAdapter } from '../../chains/adapter.js'
import { PreparedQuery, preparedInsert } from '../../db/prepared-query.js'
import type { Database } from '../../db/schema.js'
import { pickFreeAmount, uniqueAmountCandidates } from '../../domain/payments/unique-amount.js'
import type { CurrencyCode } from '../../money/index.js'
import { currencyInfo } from '../../money/index.js'

/**
 * The next derivation index of a store on a network, atomically on both dialects: the upsert
 * either creates the counter at 0 or bumps it, and RETURNING hands back the index to use.
 */
export async function nextAddressIndex(root: Kysely<Database>, trx: Kysely<Database>, storeId: string, network: string): Promise<number> {
  let q = nextIndexQueries.get(root)
  if (!q) {
    q = new PreparedQuery(root, 2, (db, store, net) =>
      db
        .insertInto('address_counters')
        .values({ store_id: store as string, network: net as string, next_index: 0 })
        .onConflict((oc) =>
          oc.columns(['store_id', 'network']).doUpdateSet((eb) => ({ next_index: eb('address_counters.next_index', '+', 1) })),
        )
        .returning('next_index'))
    nextIndexQueries.set(root, q)
  }
  const [row] = await q.executeOn(trx, storeId, network)
  return Number(row!.next_index)
}

/**
 * The next derivation index of a network whose addresses all come from one operator key
 * (`indexScope: 'network'`): one sequence for every store, or two stores would share an address.
 */
export async function nextNetworkIndex(root: Kysely<Database>, trx: Kysely<Database>, network: string): Promise<number> {
  let q = nextNetworkIndexQueries.get(root)
  if (!q) {
    q = new PreparedQuery(root, 1, (db, net) =>
      db
        .insertInto('network_address_counters')
        .values({ network: net as string, next_index: 0 })
        .onConflict((oc) =>
          oc.column('network').doUpdateSet((eb) => ({ next_index: eb('network_address_counters.next_index', '+', 1) })),
        )
        .returning('next_index'))
    nextNetworkIndexQueries.set(root, q)
  }
  const [row] = await q.executeOn(trx, network)
  return Number(row!.next_index)
}

/** These run once per payment: compiled once per database (db/prepared-query.ts). */
const nextIndexQueries = new WeakMap<Kysely<Database>, PreparedQuery<{ next_index: number }, [string, string]>>()
const nextNetworkIndexQueries = new WeakMap<Kysely<Database>, PreparedQuery<{ next_index: number }, [string]>>()
const insertDepositAddress = preparedInsert('deposit_addresses', ['network', 'address', 'store_id', 'derivation_index', 'payment_id', 'created_at'])

export async function deriveDepositAddress(
  root: Kysely<Database>,
  trx: Kysely<Database>,
  adapter: ChainAdapter,
  storeId: string,
  paymentId: string | null,
  now: number,
): Promise<string> {
  const index = adapter.receive.indexScope === 'network'
    ? await nextNetworkIndex(root, trx, adapter.network)
    : await nextAddressIndex(root, trx, storeId, adapter.network)
  const address = adapter.receive.deriveAddress(storeId, index)
  await insertDepositAddress(root, trx, {
    network: adapter.network, address, store_id: storeId, derivation_index: index, payment_id: paymentId, created_at: now,
  })
  return address
}

/** The store's one receiving address on this network for unique-amount payments. */
export async function sharedDepositAddress(
  root: Kysely<Database>,
  trx: Kysely<Database>,
  adapter: ChainAdapter,
  storeId: string,
  now: number,
): Promise<string> {
  const existing = await trx
    .selectFrom('deposit_addresses')
    .select('address')
    .where('store_id', '=', storeId)
    .where('network', '=', adapter.network)
    .where('payment_id', 'is', null)
    .orderBy('derivation_index')
    .limit(1)
    .executeTakeFirst()
  return existing?.address ?? deriveDepositAddress(root, trx, adapter, storeId, null, now)
}

/**
 * Takes a free unique amount for `base` at `address`, or returns null when every candidate is
 * held (the payment is then `queued`). The slot's primary key is the final amount, so two
 * concurrent payments can never hold the same one: a lost race just tries the next candidate.
 */
export async function takeUniqueAmount(
  trx: Kysely<Database>,
  currency: CurrencyCode,
  address: string,
  base: bigint,
  paymentId: string,
  slots: number,
): Promise<bigint | null> {
  const candidates = uniqueAmountCandidates(base, currencyInfo(currency).uniqueStep, slots)
  const heldRows = await trx
    .selectFrom('amount_slots')
    .select('amount')
    .where('currency', '=', currency)
    .where('address', '=', address)
    .where('amount', 'in', candidates.map(String))
    .execute()
  const held = new Set(heldRows.map((r) => BigInt(r.amount)))
  for (;;) {
    const amount = pickFreeAmount(candidates, held)
    if (amount === null) return null
    const inserted = await trx
      .insertInto('amount_slots')
      .values({ currency, address, amount: amount.toString(), payment_id: paymentId })
      .onConflict((oc) => oc.doNothing())
      .returning('payment_id')
      .executeTakeFirst()
    if (inserted) return amount
    held.add(amount)
  }
}
