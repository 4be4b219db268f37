import type { Refund } from '../../domain/refunds/refund.js'
import { RequestInvalidError } from '../../errors/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { queuePayout, withdrawalSender } from '../payouts/queue-payout.js'
import { refundByToken } from './refund-queries.js'

export interface SubmittedRefundAddress {
  refund: Refund
  /** False when the refund already had its payout (a second submission) or was cancelled: nothing was written. */
  queued: boolean
}

/**
 * The buyer's address for a refund link: checked with the network's own address rules
 * (withdrawalSender, as withdrawals are), then the payout queued in one unit of work. The
 * refund takes its payout only if it has none (refunds.attachPayout), so a link submitted twice,
 * from two tabs or a double click, sends once; the second submission changes nothing and is
 * answered with the refund as it stands.
 */
export async function submitRefundAddress(
  deps: Pick<PaymentEngineDeps, 'repos' | 'chains' | 'now'>,
  token: string,
  addressText: unknown,
): Promise<SubmittedRefundAddress> {
  const { refund, store } = await refundByToken(deps, token)
  if (refund.payoutId !== null || refund.cancelledAt !== null) return { refund, queued: false }
  if (typeof addressText !== 'string' || addressText.trim() === '' || addressText.length > 200)
    throw new RequestInvalidError('Enter the address the refund should be sent to.')
  const address = addressText.trim()
  withdrawalSender(deps.chains, store, refund.currency, address)
  const payout = await deps.repos.write((tx) =>
    queuePayout(tx, deps, {
      kind: 'refund',
      store,
      refundId: refund.id,
      paymentId: refund.paymentId,
      currency: refund.currency,
      amount: refund.amount,
      to: address,
    }),
  )
  const now = (await deps.repos.refunds.byToken(token))!
  return { refund: now, queued: payout !== undefined }
}
