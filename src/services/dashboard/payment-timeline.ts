import type { Repositories } from '../../db/repositories/repositories.js'
import type { Payment } from '../../domain/payments/payment.js'
import type { Refund } from '../../domain/refunds/refund.js'
import type { PaymentResolution } from '../../domain/payments/payment-resolution.js'
import type { WebhookAttempt, WebhookEvent } from '../../domain/webhooks/webhook-event.js'
import { PaymentNotFoundError } from '../../errors/index.js'
import { PAYMENT_ID } from '../payments/payment-queries.js'
import { donorOf } from '../payments/donation-queries.js'
import { refundsOf } from '../refunds/refund-queries.js'
import type { PaymentRefunds } from '../refunds/refund-queries.js'

export interface PaymentTransfer {
  txHash: string
  amount: bigint
  /** 0 while in the mempool; the depth below the network's tip once mined. */
  confirmations: number
  firstSeenAt: number
  orphaned: boolean
}

export interface PaymentWebhookEvent {
  event: WebhookEvent
  attempts: WebhookAttempt[]
}

/** One line of a payment's history, in time order. */
export type TimelineEntry =
  | { at: number; kind: 'created' }
  | { at: number; kind: 'transfer'; transfer: PaymentTransfer }
  | { at: number; kind: 'webhook'; webhook: PaymentWebhookEvent }
  | { at: number; kind: 'confirmed' }
  | { at: number; kind: 'expires' }
  | { at: number; kind: 'refund'; refund: Refund }
  | { at: number; kind: 'resolved'; resolution: PaymentResolution }

export interface PaymentDetail {
  payment: Payment
  donor: { name: string | null; message: string | null }
  transfers: PaymentTransfer[]
  webhooks: PaymentWebhookEvent[]
  timeline: TimelineEntry[]
  refunds: PaymentRefunds
}

/**
 * Everything the dashboard shows about one payment of one store. Kassa stores a payment's
 * state, not a log of its changes (ARCHITECTURE.md, "The payment engine"), so the history is
 * put together from what does carry a time: creation, each transfer's first sighting, the
 * webhook events (written in the same transaction as each status change the seed names, so
 * they are the status changes), the confirmation time, the expiry and the refunds.
 */
export async function paymentDetail(repos: Repositories, storeId: string, paymentId: string): Promise<PaymentDetail> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const payment = await repos.payments.ofStore(storeId, paymentId)
  if (!payment) throw new PaymentNotFoundError(paymentId)
  const [transferRecords, tip, events, refunds] = await Promise.all([
    repos.chain.transfersOfPayment(paymentId),
    repos.chain.cursorHeight(payment.network),
    repos.webhooks.ofPayment(storeId, paymentId),
    refundsOf({ repos }, payment),
  ])
  const attempts = await repos.webhooks.attemptsOf(events.map((e) => e.id))
  const transfers = transferRecords.map((t) => ({
    txHash: t.txHash,
    amount: t.amount,
    confirmations: t.blockHeight === null || tip === undefined || t.orphaned ? 0 : Math.max(0, tip - t.blockHeight + 1),
    firstSeenAt: t.firstSeenAt,
    orphaned: t.orphaned,
  }))
  const webhooks = events.map((event) => ({ event, attempts: attempts.filter((a) => a.eventId === event.id) }))
  const timeline: TimelineEntry[] = [
    { at: payment.createdAt, kind: 'created' },
    ...transfers.map((transfer) => ({ at: transfer.firstSeenAt, kind: 'transfer' as const, transfer })),
    // A merchant's mark as paid / mark invalid: who, when and why (services/payments/resolve-payment.ts).
    // Listed before the webhooks so that, at the same time, it reads before the event it caused.
    ...(payment.resolution ? [{ at: payment.resolution.at, kind: 'resolved' as const, resolution: payment.resolution }] : []),
    ...webhooks.map((webhook) => ({ at: webhook.event.createdAt, kind: 'webhook' as const, webhook })),
    ...(payment.confirmedAt !== null ? [{ at: payment.confirmedAt, kind: 'confirmed' as const }] : []),
    ...(payment.status === 'expired' || payment.status === 'pending' ? [{ at: payment.expiresAt, kind: 'expires' as const }] : []),
    ...refunds.refunds.map((refund) => ({ at: refund.createdAt, kind: 'refund' as const, refund })),
  ]
  timeline.sort((a, b) => a.at - b.at)
  return { payment, donor: donorOf(payment), transfers, webhooks, timeline, refunds }
}
