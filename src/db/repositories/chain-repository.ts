import type { RepositoryContext } from './repository-context.js'

/** What the chain watchers know of each network (`chain_cursors`, `chain_blocks`, `chain_transfers`). */
export class ChainRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }
}
