import { refundStatus, refundTxHash } from '../../domain/refunds/refund.js'
import type { Refund } from '../../domain/refunds/refund.js'
import { displayAmount } from '../../money/index.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'

/** The buyer's page for a refund: /refund/{token}. */
export function refundUrl(publicUrl: string, r: Pick<Refund, 'token'>): string {
  return `${publicUrl.replace(/\/$/, '')}/refund/${r.token}`
}

/**
 * A refund on the Merchant API (a Kassa extension, docs/API.md "Refunds"): amounts as decimal
 * strings in the payment's currency (the seed's amount text: at least its quote precision),
 * as the request gives them; times to the second.
 */
export function refundJson(publicUrl: string, r: Refund) {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount: displayAmount(r.amount, r.currency),
    currency: r.currency,
    status: refundStatus(r),
    address: r.address,
    tx_hash: refundTxHash(r),
    refund_url: refundUrl(publicUrl, r),
    reason: r.reason,
    created_at: isoSeconds(r.createdAt),
  }
}
