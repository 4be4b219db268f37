import type { Payout } from '../../domain/payouts/payout.js'
import { currencyInfo, formatAmount } from '../../money/index.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'

/**
 * A payout as the operator's routes and the CLI (`kassa withdraw`, `kassa payouts`, `kassa swap`,
 * with --json, and `payouts show` always) show it: amounts as decimal strings, times to the second.
 */
export function payoutJson(p: Payout) {
  return {
    payout_id: p.id,
    kind: p.kind,
    store_id: p.storeId,
    network: p.network,
    currency: p.currency,
    amount: p.amount === null ? null : formatAmount(p.amount, currencyInfo(p.currency).decimals),
    to: p.toAddress,
    from: p.fromAddress,
    status: p.status,
    tx_hash: p.txHash,
    nonce: p.nonce,
    confirmations: p.confirmations,
    failure_reason: p.failureReason,
    /** A swap output's destination tag (XRP) or comment (TON); null when none. */
    memo: p.memo,
    /** A re-queued swap output: the failed payout this one replaces. */
    replaces: p.replacesId,
    created_at: isoSeconds(p.createdAt),
    updated_at: isoSeconds(p.updatedAt),
  }
}
