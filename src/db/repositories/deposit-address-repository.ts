import type { RepositoryContext } from './repository-context.js'

/** Deposit addresses and the derivation counters (`deposit_addresses`, `address_counters`, `network_address_counters`). */
export class DepositAddressRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }
}
