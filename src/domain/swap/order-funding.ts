import { chainScale } from './swap-coins.js'
import type { SwapCoin } from './swap-coins.js'
import { depositCoin } from './swap-order.js'
import type { SwapOrder } from './swap-order.js'

/** A transfer the chain watcher recorded to an order's deposit address (orphaned ones left out). */
export interface DepositTransfer {
  /** Chain atomic units. */
  amount: bigint
  /** Null while in the mempool. */
  blockHeight: number | null
}

export interface Funding {
  coin: SwapCoin
  /** In the coin's units (10^-precision). */
  waiting: bigint
  received: bigint
  /** Everything received, in chain atomic units: what activation posts. */
  receivedOnChain: bigint
  /** 0: nothing seen; 1: something seen and not yet confirmed; 2: everything seen is confirmed (seed: confirm_status). */
  confirmStatus: 0 | 1 | 2
  fullyFunded: boolean
  /** Fully funded with confirmed transfers: the order activates (once, by the swap worker). */
  canStart: boolean
  /** Epoch ms the order activated at, or null. */
  activatedAt: number | null
}

export interface FundingInput {
  transfers: readonly DepositTransfer[]
  /** Height the watcher has reached on the deposit network; null before its first pass. */
  tipHeight: number | null
  /** Confirmations a transfer needs there. */
  required: number
}

/**
 * An order's funding from its deposit transfers: a transfer counts as confirmed at `required`
 * blocks of depth (its own block included); the order can start once everything seen is
 * confirmed and covers the amount it waits for.
 */
export function orderFunding(order: Pick<SwapOrder, 'coin' | 'network' | 'depositAmount' | 'activatedAt'>, input: FundingInput): Funding {
  const coin = depositCoin(order)
  const scale = chainScale(coin)
  let received = 0n
  let confirmed = 0n
  for (const t of input.transfers) {
    received += t.amount
    if (t.blockHeight !== null && input.tipHeight !== null && input.tipHeight - t.blockHeight + 1 >= input.required) confirmed += t.amount
  }
  const waiting = order.depositAmount
  const confirmStatus = input.transfers.length === 0 ? 0 : confirmed === received ? 2 : 1
  return {
    coin,
    waiting,
    received: received / scale,
    receivedOnChain: received,
    confirmStatus,
    fullyFunded: received / scale >= waiting,
    canStart: confirmStatus === 2 && confirmed / scale >= waiting,
    activatedAt: order.activatedAt,
  }
}
