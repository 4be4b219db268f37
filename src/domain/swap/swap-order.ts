import { swapCoin } from './swap-coins.js'
import type { SwapCoin } from './swap-coins.js'

export type SwapOrderType = 'mixer' | 'exchange'

/** What an order keeps of its plan (stored as JSON with the order): amounts as atomic-unit strings. */
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

/**
 * A Swap API order as the services see it. Amounts are in the deposit coin's units
 * (10^-precision, at most 8 decimals), not the chain's: `chainScale` converts.
 */
export interface SwapOrder {
  trackcode: string
  type: SwapOrderType
  accountId: string
  /** The account whose partner key the order named: it earns 30 % of the service fee. */
  partnerAccountId: string | null
  /** Deposit side, as requests name it: `btc` / `btc`, `usdt` / `erc20`. */
  coin: string
  network: string
  /** The chain adapter's network the deposit address lives on (e.g. sim-bitcoin). */
  chainNetwork: string
  depositAddress: string
  /** Derivation index of the deposit address (the network's counter, shared with payments). */
  depositIndex: number | null
  depositAmount: bigint
  serviceFee: bigint
  plan: StoredSplitPlan
  /** Epoch ms: when the deposits were first fully funded and confirmed; null before. */
  activatedAt: number | null
  /** Epoch ms: deleted through the API (hidden from it; still paid out). */
  deletedAt: number | null
  expiresAt: number
  createdAt: number
}

/** The coin an order is paid in; the order was written with a known pair, so a miss is a bug. */
export function depositCoin(order: Pick<SwapOrder, 'coin' | 'network'>): SwapCoin {
  const coin = swapCoin(order.coin, order.network)
  if (!coin) throw new Error(`order names an unknown coin: ${order.coin}/${order.network}`)
  return coin
}

/** The coin and network an order's outputs are paid in: its own, or an exchange's destination. */
export function outputSide(order: Pick<SwapOrder, 'plan' | 'coin' | 'network' | 'chainNetwork'>): { coin: SwapCoin; chainNetwork: string } {
  const to = order.plan.to
  const coin = to ? swapCoin(to.coin, to.network) : swapCoin(order.coin, order.network)
  if (!coin) throw new Error(`order plan names an unknown coin: ${JSON.stringify(to ?? { coin: order.coin, network: order.network })}`)
  return { coin, chainNetwork: to?.chainNetwork ?? order.chainNetwork }
}
