import type { WebhookAttemptRow, WebhookEventRow } from '../../db/repositories/webhook-repository.js'
import { PaymentNotFoundError } from '../../errors/index.js'
import type { PaymentRow } from '../../db/repositories/payment-repository.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { PAYMENT_ID } from '../payments/payment-queries.js'
import { donorOf } from '../payments/donation-queries.js'

export interface PaymentTransfer {
  txHash: string
  amount: bigint
  /** 0 while in the mempool; the depth below the network's tip once mined. */
  confirmations: number
  firstSeenAt: number
  orphaned: boolean
}

export interface PaymentWebhookEvent {
  event: WebhookEventRow
  attempts: WebhookAttemptRow[]
}

/** One line of a payment's history, in time order. */
export type TimelineEntry =
  | { at: number; kind: 'created' }
  | { at: number; kind: 'transfer'; transfer: PaymentTransfer }
  | { at: number; kind: 'webhook'; webhook: PaymentWebhookEvent }
  | { at: number; kind: 'confirmed' }
  | { at: number; kind: 'expires' }

export interface PaymentDetail {
  payment: PaymentRow
  donor: { name: string | null; message: string | null }
  transfers: PaymentTransfer[]
  webhooks: PaymentWebhookEvent[]
  timeline: TimelineEntry[]
}

/**
 * Everything the dashboard shows about one payment of one store. Kassa stores a payment's
 * state, not a log of its changes (ARCHITECTURE.md, "The payment engine"), so the history is
 * put together from what does carry a time: creation, each transfer's first sighting, the
 * webhook events (written in the same transaction as each status change the seed names, so
 * they are the status changes), the confirmation time and the expiry.
 */
export async function paymentDetail(deps: PaymentEngineDeps, storeId: string, paymentId: string): Promise<PaymentDetail> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const payment = await deps.db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('store_id', '=', storeId).executeTakeFirst()
  if (!payment) throw new PaymentNotFoundError(paymentId)
  const [transferRows, cursor, events] = await Promise.all([
    deps.db.selectFrom('chain_transfers').select(['tx_hash', 'amount', 'block_height', 'first_seen_at', 'orphaned'])
      .where('payment_id', '=', paymentId).orderBy('first_seen_at').execute(),
    deps.db.selectFrom('chain_cursors').select('height').where('network', '=', payment.network).executeTakeFirst(),
    deps.db.selectFrom('webhook_events').selectAll().where('payment_id', '=', paymentId).where('store_id', '=', storeId).orderBy('id').execute(),
  ])
  const attempts = events.length === 0
    ? []
    : await deps.db.selectFrom('webhook_attempts').selectAll().where('event_id', 'in', events.map((e) => Number(e.id))).orderBy('id').execute()
  const tip = cursor ? Number(cursor.height) : undefined
  const transfers = transferRows.map((t) => ({
    txHash: t.tx_hash,
    amount: BigInt(t.amount),
    confirmations: t.block_height === null || tip === undefined || t.orphaned ? 0 : Math.max(0, tip - Number(t.block_height) + 1),
    firstSeenAt: Number(t.first_seen_at),
    orphaned: t.orphaned === 1,
  }))
  const webhooks = events.map((event) => ({ event, attempts: attempts.filter((a) => Number(a.event_id) === Number(event.id)) }))
  const timeline: TimelineEntry[] = [
    { at: Number(payment.created_at), kind: 'created' },
    ...transfers.map((transfer) => ({ at: transfer.firstSeenAt, kind: 'transfer' as const, transfer })),
    ...webhooks.map((webhook) => ({ at: Number(webhook.event.created_at), kind: 'webhook' as const, webhook })),
    ...(payment.confirmed_at !== null ? [{ at: Number(payment.confirmed_at), kind: 'confirmed' as const }] : []),
    ...(payment.status === 'expired' || payment.status === 'pending' ? [{ at: Number(payment.expires_at), kind: 'expires' as const }] : []),
  ]
  timeline.sort((a, b) => a.at - b.at)
  return { payment, donor: donorOf(payment), transfers, webhooks, timeline }
}
