import type { Payout } from '../../domain/payouts/payout.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import { outputSide } from '../../domain/swap/swap-order.js'
import type { SwapOrder } from '../../domain/swap/swap-order.js'
import type { SwapOutputParams } from '../payouts/queue-payout.js'

/**
 * What `queuePayout` needs to send one planned output (0-based `outputIndex`) from the hot
 * wallet of the order's payout side: the amount in chain units, and the output's destination
 * tag / memo, which the payout worker hands to the network (or fails the payout where the
 * network cannot carry it). `replaces`: the failed payout a re-queue replaces.
 */
export function outputPayout(order: SwapOrder, outputIndex: number, replaces: Payout | null = null): SwapOutputParams {
  const output = order.plan.outputs[outputIndex]
  if (!output) throw new Error(`order ${order.trackcode} has no output ${outputIndex}`)
  const { coin, chainNetwork } = outputSide(order)
  return {
    kind: 'swap_output',
    trackcode: order.trackcode,
    outputIndex,
    network: chainNetwork,
    currency: coin.currency,
    to: output.address,
    amount: BigInt(output.amount) * chainScale(coin),
    memo: output.tag,
    replaces,
  }
}
