import { PayoutNotFoundError } from '../../errors/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import type { PayoutRow } from './create-withdrawal.js'

export async function getPayout(deps: PaymentEngineDeps, payoutId: string, storeId?: string): Promise<PayoutRow> {
  let q = deps.db.selectFrom('payouts').selectAll().where('id', '=', payoutId)
  if (storeId !== undefined) q = q.where('store_id', '=', storeId)
  const row = await q.executeTakeFirst()
  if (!row) throw new PayoutNotFoundError(payoutId)
  return row
}

/** Newest first; a store's withdrawals, or every payout (sweeps included) for the operator. */
export async function listPayouts(deps: PaymentEngineDeps, opts: { storeId?: string | undefined; limit?: number } = {}): Promise<PayoutRow[]> {
  let q = deps.db.selectFrom('payouts').selectAll()
  if (opts.storeId !== undefined) q = q.where('store_id', '=', opts.storeId)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit ?? 100).execute()
}
