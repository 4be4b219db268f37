import type { RepositoryContext } from './repository-context.js'

/** Stored responses of `Idempotency-Key` requests (`idempotency_keys`). */
export class IdempotencyRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }
}
