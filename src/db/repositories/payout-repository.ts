import type { RepositoryContext } from './repository-context.js'

/** Payouts of every kind and the Swap outputs they pay (`payouts`, `swap_payouts`). */
export class PayoutRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  // Reads for the dashboard

  /** Payouts on their way (queued, signed, broadcast) and those failed for good, for the operator's overview. */
  async overviewCounts(): Promise<{ inFlight: number; failed: number }> {
    const count = (statuses: readonly ('queued' | 'signed' | 'broadcast' | 'failed')[]) =>
      this.#ctx.db.selectFrom('payouts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', statuses)
        .executeTakeFirstOrThrow().then((r) => Number(r.n))
    const [inFlight, failed] = await Promise.all([count(['queued', 'signed', 'broadcast']), count(['failed'])])
    return { inFlight, failed }
  }
}
