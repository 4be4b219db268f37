import type { PayoutsTable } from '../../db/schema.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'
import type { StoredOutput } from './stored-plan.js'

export interface OutputPayoutParams {
  id: string
  /** The adapter network that sends the output (the plan's payout side). */
  network: string
  coin: SwapCoin
  output: StoredOutput
  now: number
  /** A re-queued output: the failed payout this one replaces. */
  replacesId?: string | null
}

/**
 * The queued `swap_output` payout that sends one planned output from the hot wallet: the
 * amount in chain units, and the output's destination tag / memo, which the payout engine
 * hands to the network (or fails the payout where the network cannot carry it).
 */
export function outputPayoutRow(p: OutputPayoutParams): PayoutsTable {
  return {
    id: p.id, kind: 'swap_output', network: p.network, currency: p.coin.currency, store_id: null, payment_id: null,
    from_index: null, from_address: null, to_address: p.output.address, amount: (BigInt(p.output.amount) * chainScale(p.coin)).toString(),
    status: 'queued', nonce: null, signed_tx: null, tx_hash: null, max_fee: null, block_height: null, confirmations: 0,
    failure_reason: null, memo: p.output.tag, replaces_id: p.replacesId ?? null, created_at: p.now, updated_at: p.now,
  }
}
