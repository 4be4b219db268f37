import { swapCoin } from '../../domain/swap/swap-coins.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'

/** What a split order keeps of its plan (swap_orders.plan, JSON): amounts as atomic-unit strings. */
export interface StoredSplitPlan {
  /** Epoch seconds. */
  createdAt: number
  serviceFeeHundredths: number
  serviceFee: string
  feePerOutput: string
  feeOutputsTotal: string
  outputs: StoredOutput[]
  /** Exchange orders: the coin the outputs are paid in, and the network that sends them. */
  to?: { coin: string; network: string; chainNetwork: string }
}

export interface StoredOutput {
  address: string
  tag: string | null
  shareHundredths: number
  delayMinutes: number
  amount: string
}

/** The coin and network a stored plan's outputs are paid in: the order's own, or an exchange's destination. */
export function outputSide(plan: StoredSplitPlan, order: { coin: string; network: string; chain_network: string }): { coin: SwapCoin; chainNetwork: string } {
  const coin = plan.to ? swapCoin(plan.to.coin, plan.to.network) : swapCoin(order.coin, order.network)
  if (!coin) throw new Error(`order plan names an unknown coin: ${JSON.stringify(plan.to ?? order)}`)
  return { coin, chainNetwork: plan.to?.chainNetwork ?? order.chain_network }
}
