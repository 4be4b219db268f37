import type { Repositories } from '../../db/repositories/repositories.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { PayoutNotFoundError } from '../../errors/index.js'

/** One payout; with `storeId`, only that store's (another store's is not found). */
export async function getPayout(deps: { repos: Repositories }, payoutId: string, storeId?: string): Promise<Payout> {
  const payout = await deps.repos.payouts.byId(payoutId, storeId)
  if (!payout) throw new PayoutNotFoundError(payoutId)
  return payout
}

/** Newest first; a store's withdrawals, or every payout (sweeps included) for the operator. */
export async function listPayouts(
  deps: { repos: Repositories },
  opts: { storeId?: string | undefined; limit?: number } = {},
): Promise<Payout[]> {
  return deps.repos.payouts.list({ storeId: opts.storeId, limit: opts.limit ?? 100 })
}
