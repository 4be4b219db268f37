import { refundReturnLines } from '../../domain/ledger/refund-posting.js'
import type { Refund } from '../../domain/refunds/refund.js'
import { RefundNotCancellableError } from '../../errors/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'

/**
 * Withdraws a refund link the buyer has not used: the amount reserved for it goes back to the
 * store's available balance (and is refundable again) in the same unit of work that marks it
 * cancelled. Only while the address is awaited: once a payout exists the money is on its way,
 * and a cancel that races the buyer's submission loses or wins whole (refunds.cancel and
 * refunds.attachPayout each check the other's column).
 */
export async function cancelRefund(
  deps: Pick<PaymentEngineDeps, 'repos' | 'now'>,
  storeId: string,
  paymentId: string,
  refundId: string,
): Promise<Refund> {
  return deps.repos.write(async (tx) => {
    const refund = (await tx.refunds.ofPayment(paymentId)).find((r) => r.id === refundId && r.storeId === storeId)
    if (!refund) throw new RefundNotCancellableError(refundId, 'no such refund of this payment')
    const now = deps.now()
    if (!(await tx.refunds.cancel(refund.id, now)))
      throw new RefundNotCancellableError(refundId, 'the buyer has already given an address, or it was cancelled')
    await tx.ledger.post({ currency: refund.currency, storeId, paymentId, lines: refundReturnLines(storeId, refund.amount), now })
    return { ...refund, cancelledAt: now }
  })
}
