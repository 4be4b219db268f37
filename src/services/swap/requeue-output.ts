import { SwapOrderRepository } from '../../db/repositories/swap-order-repository.js'
import type { PayoutsTable } from '../../db/schema.js'
import { uuidV7 } from '../../db/uuid-v7.js'
import { SwapOrderNotFoundError, SwapOutputNotFailedError, SwapOutputNotFoundError, SwapRequestInvalidError } from '../../errors/index.js'
import { outputPayoutRow } from './output-payout.js'
import { outputSide } from './stored-plan.js'
import type { StoredSplitPlan } from './stored-plan.js'
import type { SwapDeps } from './swap-deps.js'

const TRACKCODE = /^[0-9A-F]{16}$/

/** An output whose payout failed for good and waits for the operator. */
export interface FailedOutput {
  trackcode: string
  accountId: string
  /** 1-based, as /v1/orders/check shows `index`. */
  output: number
  payout: PayoutsTable
}

export interface RequeueOutputResult {
  trackcode: string
  output: number
  /** The new, queued payout. */
  payout: PayoutsTable
  /** The failed payout it replaces, kept as history. */
  replaced: PayoutsTable
}

/**
 * Outputs whose current payout failed for good (reverted, its nonce taken, a memo the network
 * cannot carry), oldest failure first: the operator's to-do list, which check reports to the
 * partner as PAYOUT_FAILED. Deleted orders and orders past the API's 48 h are included:
 * their outputs are still owed.
 */
export async function listFailedOutputs(deps: SwapDeps, limit = 100): Promise<FailedOutput[]> {
  const rows = await deps.db.selectFrom('swap_payouts')
    .innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
    .innerJoin('swap_orders', 'swap_orders.trackcode', 'swap_payouts.trackcode')
    .selectAll('payouts')
    .select(['swap_payouts.trackcode', 'swap_payouts.output_index', 'swap_orders.account_id'])
    .where('payouts.status', '=', 'failed')
    .orderBy('payouts.updated_at').orderBy('payouts.id')
    .limit(limit)
    .execute()
  return rows.map(({ trackcode, output_index, account_id, ...payout }) => ({ trackcode, accountId: account_id, output: Number(output_index) + 1, payout }))
}

/**
 * Sends a failed output again: a new queued payout for the same output (address, amount,
 * destination tag / memo, network), linked to the output in place of the failed one, which
 * stays in `payouts` as history (the new one names it in `replaces_id`) and in the audit
 * record. The link moves with a conditional update, so two operators re-queueing at once make
 * one payout; an output that has not failed is refused, so nothing is ever paid twice.
 * For the CLI (`kassa swap requeue`), the operator route and, later, the dashboard.
 */
export async function requeueFailedOutput(deps: SwapDeps, trackcode: string, output: number): Promise<RequeueOutputResult> {
  if (typeof trackcode !== 'string' || !TRACKCODE.test(trackcode)) throw new SwapRequestInvalidError('trackcode must be the order\'s 16-character upper-case tracking code.')
  if (!Number.isSafeInteger(output) || output < 1) throw new SwapRequestInvalidError('output must be a whole number from 1, as check shows its index.')
  const order = await deps.db.selectFrom('swap_orders').selectAll().where('trackcode', '=', trackcode).executeTakeFirst()
  if (!order) throw new SwapOrderNotFoundError(`No order ${trackcode} (unknown, or purged after its retention).`)
  const plan = JSON.parse(order.plan) as StoredSplitPlan
  const planned = plan.outputs[output - 1]
  if (!planned) throw new SwapOutputNotFoundError(trackcode, output, plan.outputs.length)
  const { coin, chainNetwork } = outputSide(plan, order)
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('swap_payouts').innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .selectAll('payouts').where('swap_payouts.trackcode', '=', trackcode).where('swap_payouts.output_index', '=', output - 1)
      .executeTakeFirst()
    if (!current) throw new SwapOutputNotFailedError(trackcode, output, 'it has not been handed to the payout engine yet')
    if (current.status !== 'failed') throw new SwapOutputNotFailedError(trackcode, output, `its payout ${current.id} is ${current.status}`)
    const row = outputPayoutRow({ id: uuidV7(now), network: chainNetwork, coin, output: planned, now, replacesId: current.id })
    const moved = await trx.updateTable('swap_payouts').set({ payout_id: row.id })
      .where('trackcode', '=', trackcode).where('output_index', '=', output - 1).where('payout_id', '=', current.id)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) throw new SwapOutputNotFailedError(trackcode, output, 'it was re-queued a moment ago')
    await trx.insertInto('payouts').values(row).execute()
    await new SwapOrderRepository(trx).audit(trackcode, order.account_id, 'output_requeued', { output, failed_payout: current.id, failure_reason: current.failure_reason, payout: row.id }, now)
    return { trackcode, output, payout: row, replaced: current }
  })
}
