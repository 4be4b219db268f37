import type { RepositoryContext } from './repository-context.js'

/** Payouts of every kind and the Swap outputs they pay (`payouts`, `swap_payouts`). */
export class PayoutRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }
}
