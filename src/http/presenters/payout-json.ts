import { isoSeconds } from './amount-format.js'
import { currencyInfo, formatAmount, isChainCurrencyCode } from '../../money/index.js'
import type { PayoutRow } from '../../services/payouts/create-withdrawal.js'

/** A payout as the operator's route and the CLI show it: amounts as decimal strings. */
export function payoutJson(p: PayoutRow) {
  const decimals = isChainCurrencyCode(p.currency) ? currencyInfo(p.currency).decimals : 0
  return {
    payout_id: p.id,
    kind: p.kind,
    store_id: p.store_id,
    network: p.network,
    currency: p.currency,
    amount: p.amount === null ? null : formatAmount(BigInt(p.amount), decimals),
    to: p.to_address,
    from: p.from_address,
    status: p.status,
    tx_hash: p.tx_hash,
    nonce: p.nonce,
    confirmations: p.confirmations,
    failure_reason: p.failure_reason,
    /** A swap output's destination tag (XRP) or comment (TON); null when none. */
    memo: p.memo,
    /** A re-queued swap output: the failed payout this one replaces. */
    replaces: p.replaces_id,
    created_at: isoSeconds(p.created_at),
    updated_at: isoSeconds(p.updated_at),
  }
}
