import type { Repositories } from '../../db/repositories/repositories.js'
import { refundReturnLines, refundSettleLines } from '../../domain/ledger/refund-posting.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { refundedAmount } from '../../domain/refunds/refund.js'
import { refundedWebhookBody } from '../../domain/webhooks/webhook-body.js'

/**
 * The end of a refund's payout, in the payout worker's own transaction (`tx`), which has just
 * moved the payout to `status`: the reserved amount is settled to `refunded`, or, on failure,
 * returned to the store's available balance (the refund is then `failed` and its amount
 * refundable again).
 *
 * `payment.refunded` is sent on confirmation, not on broadcast: a transaction that is sent can
 * still fail or be replaced, and a merchant's system that marks an order refunded should only
 * ever see money that arrived. It is written here, in the same transaction as the ledger lines,
 * so it is delivered if and only if the refund is settled. Donations send no webhook
 * (DESIGN.md), refunded or not.
 */
export async function settleRefundPayout(tx: Repositories, p: Payout, status: 'confirmed' | 'failed', now: number): Promise<void> {
  if (p.storeId === null || p.paymentId === null) return
  const amount = p.amount ?? 0n
  const lines = status === 'confirmed' ? refundSettleLines(p.storeId, amount) : refundReturnLines(p.storeId, amount)
  await tx.ledger.post({ currency: p.currency, storeId: p.storeId, paymentId: p.paymentId, lines, now })
  if (status !== 'confirmed') return
  const [payment, refund] = await Promise.all([tx.payments.byId(p.paymentId), tx.refunds.byPayoutId(p.id)])
  if (!payment || !refund || payment.source === 'donation') return
  // The payout row already says confirmed in this transaction, so the total counts this refund.
  const totalRefunded = refundedAmount(await tx.refunds.ofPayment(payment.id))
  const body = refundedWebhookBody(
    {
      id: payment.id,
      orderId: payment.orderId,
      currency: payment.currency,
      due: payment.due,
      received: payment.amountReceived,
      txHash: payment.txHash,
      confirmedAt: payment.confirmedAt,
      status: payment.status,
      metadata: payment.metadata === null ? null : JSON.parse(payment.metadata),
    },
    { id: refund.id, amount: refund.amount, txHash: p.txHash, address: p.toAddress, totalRefunded },
  )
  await tx.webhooks.enqueuePaymentEvent({ storeId: payment.storeId, paymentId: payment.id, event: 'payment.refunded', body, now })
}
