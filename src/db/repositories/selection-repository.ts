import type { RepositoryContext } from './repository-context.js'

/** Currency selections of multi-currency payments (`selections`). */
export class SelectionRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }
}
