import type { ChainCurrencyCode } from '../../../money/index.js'
import type { BlockRef } from '../../adapter.js'

/** A simulated transaction as the simulator keeps it; block null means "in the mempool". */
export interface SimTransaction {
  txHash: string
  network: string
  currency: ChainCurrencyCode
  toAddress: string
  amount: bigint
  blockHeight: number | null
  /** Destination tag (XRP) or comment (TON) the transfer carries; null when none. */
  memo: string | null
  /** Mined as failed (`Simulation.revert`): in its block, but it moved nothing. */
  reverted: boolean
}

/** What a new simulated transaction is given; it starts in the mempool, not reverted. */
export type NewSimTransaction = Omit<SimTransaction, 'blockHeight' | 'memo' | 'reverted'> & { memo?: string | null }

/**
 * Where a simulated chain lives. It is persisted (in Kassa's own database) rather than held in
 * memory so that `kassa simulate pay|mine|reorg`, run as a separate process, acts on the same
 * chain the server is watching.
 */
export interface SimChainStore {
  tip(network: string): Promise<BlockRef | null>
  blockAt(network: string, height: number): Promise<BlockRef | null>
  transactionsInBlock(network: string, height: number): Promise<SimTransaction[]>
  mempool(network: string): Promise<SimTransaction[]>
  addTransaction(tx: NewSimTransaction, now: number): Promise<void>
  /**
   * Marks a transaction still in the mempool to fail when mined (a reverted contract call, a
   * refused XRP payment): its receipt says so and it moves nothing. False if it is not pending.
   */
  markToRevert(network: string, txHash: string): Promise<boolean>
  /** One transaction by hash, in a block or the mempool; null if the chain does not have it. */
  transaction(network: string, txHash: string): Promise<SimTransaction | null>
  /** Mines `count` blocks on top of the tip; the first takes every mempool transaction. */
  mine(network: string, count: number, now: number): Promise<BlockRef[]>
  /**
   * Mines one block (taking the mempool) only when the tip was mined at least `intervalMs`
   * before `now`, or there is none; null when not due. The block timer's pace is thus kept by
   * the chain itself, which every instance sharing the database sees, not by each process's timer.
   */
  mineIfDue(network: string, intervalMs: number, now: number): Promise<BlockRef | null>
  /**
   * Replaces the newest `depth` blocks with `depth + 1` new ones, so the new branch is longer
   * and wins, as in a real reorganisation. Transactions of the dropped blocks go back to the
   * mempool when `keepTransactions`, else they vanish (as if double-spent away).
   */
  reorg(network: string, depth: number, keepTransactions: boolean, now: number): Promise<BlockRef[]>
}
