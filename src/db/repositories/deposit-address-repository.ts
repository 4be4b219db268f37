import type { RepositoryContext } from './repository-context.js'

/** Deposit addresses and the derivation counters (`deposit_addresses`, `address_counters`, `network_address_counters`). */
export class DepositAddressRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  // Writes for swap deposit addresses

  /**
   * The next index of a counter in `network_address_counters`, atomically on both dialects (the
   * upsert creates it at 0 or bumps it; RETURNING hands back the index). Swap orders name the
   * counter: the network itself for operator-key networks, whose payments count there too, so
   * an order and a payment never share a key; `swap:<network>` otherwise. Runs in the unit of
   * work that records the order.
   */
  async nextNetworkIndex(network: string): Promise<number> {
    const row = await this.#ctx.db
      .insertInto('network_address_counters')
      .values({ network, next_index: 0 })
      .onConflict((oc) => oc.column('network').doUpdateSet((eb) => ({ next_index: eb('network_address_counters.next_index', '+', 1) })))
      .returning('next_index')
      .executeTakeFirstOrThrow()
    return Number(row.next_index)
  }
}
