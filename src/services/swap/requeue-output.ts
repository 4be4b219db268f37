import type { Payout } from '../../domain/payouts/payout.js'
import { SwapOrderNotFoundError, SwapOutputNotFailedError, SwapOutputNotFoundError, SwapRequestInvalidError } from '../../errors/index.js'
import { queuePayout } from '../payouts/queue-payout.js'
import { outputPayout } from './output-payout.js'
import type { SwapDeps } from './swap-deps.js'

const TRACKCODE = /^[0-9A-F]{16}$/

/** An output whose payout failed for good and waits for the operator. */
export interface FailedOutput {
  trackcode: string
  accountId: string
  /** 1-based, as /v1/orders/check shows `index`. */
  output: number
  payout: Payout
}

export interface RequeueOutputResult {
  trackcode: string
  output: number
  /** The new, queued payout. */
  payout: Payout
  /** The failed payout it replaces, kept as history. */
  replaced: Payout
}

/**
 * Outputs whose current payout failed for good (reverted, its nonce taken, a memo the network
 * cannot carry), oldest failure first: the operator's to-do list, which check reports to the
 * partner as PAYOUT_FAILED. Deleted orders and orders past the API's 48 h are included:
 * their outputs are still owed.
 */
export async function listFailedOutputs(deps: Pick<SwapDeps, 'repos'>, limit = 100): Promise<FailedOutput[]> {
  const rows = await deps.repos.payouts.failedOutputs(limit)
  return rows.map((r) => ({ trackcode: r.trackcode, accountId: r.accountId, output: r.outputIndex + 1, payout: r.payout }))
}

/**
 * Sends a failed output again: a new queued payout for the same output (address, amount,
 * destination tag / memo, network), linked to the output in place of the failed one, which
 * stays in `payouts` as history (the new one names it in `replaces_id`) and in the audit
 * record. The link moves with a conditional update, so two operators re-queueing at once make
 * one payout; an output that has not failed is refused, so nothing is ever paid twice.
 * For the CLI (`kassa swap requeue`), the operator route and the dashboard.
 */
export async function requeueFailedOutput(
  deps: Pick<SwapDeps, 'repos' | 'chains' | 'now'>,
  trackcode: string,
  output: number,
): Promise<RequeueOutputResult> {
  if (typeof trackcode !== 'string' || !TRACKCODE.test(trackcode))
    throw new SwapRequestInvalidError("trackcode must be the order's 16-character upper-case tracking code.")
  if (!Number.isSafeInteger(output) || output < 1)
    throw new SwapRequestInvalidError('output must be a whole number from 1, as check shows its index.')
  const order = await deps.repos.swapOrders.byTrackcode(trackcode)
  if (!order) throw new SwapOrderNotFoundError(`No order ${trackcode} (unknown, or purged after its retention).`)
  if (!order.plan.outputs[output - 1]) throw new SwapOutputNotFoundError(trackcode, output, order.plan.outputs.length)
  const now = deps.now()
  return deps.repos.write(async (tx) => {
    const current = await tx.payouts.outputPayout(trackcode, output - 1)
    if (!current) throw new SwapOutputNotFailedError(trackcode, output, 'it has not been handed to the payout engine yet')
    if (current.status !== 'failed') throw new SwapOutputNotFailedError(trackcode, output, `its payout ${current.id} is ${current.status}`)
    const payout = await queuePayout(tx, deps, outputPayout(order, output - 1, current))
    if (!payout) throw new SwapOutputNotFailedError(trackcode, output, 'it was re-queued a moment ago')
    await tx.swapOrders.audit(
      trackcode,
      order.accountId,
      'output_requeued',
      { output, failed_payout: current.id, failure_reason: current.failureReason, payout: payout.id },
      now,
    )
    return { trackcode, output, payout, replaced: current }
  })
}
