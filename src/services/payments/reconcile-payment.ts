import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { LedgerRepository } from '../../db/repositories/ledger-repository.js'
import type { Database } from '../../db/schema.js'
import { postingLines, targetPosition } from '../../domain/ledger/payment-posting.js'
import { evaluatePayment } from '../../domain/payments/evaluate-payment.js'
import { eventForTransition } from '../../domain/payments/payment-events.js'
import type { PaymentEventName } from '../../domain/payments/payment-events.js'
import { OPEN_STATUSES } from '../../domain/payments/payment-status.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import { webhookBody } from '../../domain/webhooks/webhook-body.js'
import { currencyInfo } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { PaymentRow } from './create-payment.js'
import { takeUniqueAmount } from './deposit-allocation.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/**
 * Brings one payment in line with the chain and the clock, inside the caller's transaction:
 * its status, received amount and confirmations; its ledger position; its webhook event; its
 * unique-amount slot (released when it stops waiting, handed to the oldest queued payment).
 * Safe to call any number of times: with nothing new it writes nothing.
 */
export async function reconcilePayment(deps: PaymentEngineDeps, trx: Kysely<Database>, paymentId: string): Promise<void> {
  const now = deps.now()
  let query = trx.selectFrom('payments').selectAll().where('id', '=', paymentId)
  if (deps.dialect.supportsForUpdate) query = query.forUpdate()
  const p = await query.executeTakeFirst()
  if (!p || p.status === 'selecting') return
  const oldStatus = p.status as PaymentStatus
  if (oldStatus === 'queued') {
    if (now >= p.expires_at) await transition(trx, p, 'expired', { updated_at: now })
    return
  }
  const store = await trx
    .selectFrom('stores')
    .select(['commission_bp', 'underpay_tolerance_bp', 'expiry_minutes'])
    .where('id', '=', p.store_id)
    .executeTakeFirstOrThrow()
  const transfers = await trx
    .selectFrom('chain_transfers')
    .select(['amount', 'block_height', 'tx_hash', 'first_seen_at'])
    .where('payment_id', '=', p.id)
    .where('orphaned', '=', 0)
    .orderBy('first_seen_at')
    .orderBy('id')
    .execute()
  const cursor = await trx.selectFrom('chain_cursors').select('height').where('network', '=', p.network).executeTakeFirst()
  const tip = cursor?.height
  const currency = p.currency as CurrencyCode
  const evaluation = evaluatePayment({
    due: BigInt(p.amount_with_cents ?? p.amount_requested),
    toleranceBp: store.underpay_tolerance_bp,
    expiresAt: p.expires_at,
    requiredConfirmations: deps.chains.byNetwork(p.network)?.confirmations ?? currencyInfo(currency).confirmations,
    transfers: transfers.map((t) => ({
      amount: BigInt(t.amount),
      confirmations: t.block_height === null || tip === undefined ? 0 : Math.max(0, tip - t.block_height + 1),
    })),
    now,
  })
  const newStatus = evaluation.status

  const current = { pending: BigInt(p.ledger_pending), credited: BigInt(p.ledger_credited), fee: BigInt(p.ledger_fee) }
  const target = targetPosition(newStatus, evaluation.received, evaluation.confirmedReceived, store.commission_bp)
  const lines = postingLines(p.store_id, current, target)
  if (lines.length > 0) {
    await new LedgerRepository(trx, deps.dialect).post({ currency, storeId: p.store_id, paymentId: p.id, lines, now })
  }

  const completedNow = newStatus === 'completed' || newStatus === 'overpaid'
  const patch = {
    amount_received: evaluation.received.toString(),
    confirmations: evaluation.confirmations,
    tx_hash: transfers[0]?.tx_hash ?? null,
    confirmed_at: completedNow ? (p.confirmed_at ?? now) : null,
    ledger_pending: target.pending.toString(),
    ledger_credited: target.credited.toString(),
    ledger_fee: target.fee.toString(),
  }
  const changed =
    newStatus !== oldStatus ||
    (Object.keys(patch) as (keyof typeof patch)[]).some((k) => patch[k] !== p[k])
  if (!changed) return
  await transition(trx, p, newStatus, { ...patch, updated_at: now })

  const wasOpen = OPEN_STATUSES.includes(oldStatus)
  const isOpen = OPEN_STATUSES.includes(newStatus)
  if (p.strategy === 'unique_amount' && p.amount_with_cents !== null) {
    if (wasOpen && !isOpen) {
      await trx.deleteFrom('amount_slots').where('payment_id', '=', p.id).execute()
      await promoteQueued(deps, trx, currency, p.pay_address, now)
    } else if (!wasOpen && isOpen) {
      // A reorg reopened the payment: take its amount back if nobody took it meanwhile.
      await trx
        .insertInto('amount_slots')
        .values({ currency, address: p.pay_address, amount: p.amount_with_cents, payment_id: p.id })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
  }
}

type PaymentPatch = Partial<Omit<PaymentRow, 'id' | 'status'>>

/** Writes the new status and, for a transition that has one, its webhook event. */
async function transition(trx: Kysely<Database>, p: PaymentRow, status: PaymentStatus, patch: PaymentPatch): Promise<void> {
  await trx.updateTable('payments').set({ ...patch, status }).where('id', '=', p.id).execute()
  const event = eventForTransition(p.status as PaymentStatus, status)
  if (event) await recordEvent(trx, { ...p, ...patch, status }, event)
}

/**
 * The webhook outbox row, in the status change's own transaction: if one commits, so does the
 * other, and the delivery worker (jobs/workers/webhook-worker.ts) sends it from there.
 */
async function recordEvent(trx: Kysely<Database>, p: PaymentRow, event: PaymentEventName): Promise<void> {
  // Donations send no webhook (DESIGN.md); their status changes are still visible to the merchant.
  if (p.source === 'donation') return
  const body = webhookBody(event, {
    id: p.id,
    orderId: p.order_id,
    currency: p.currency as CurrencyCode,
    due: BigInt(p.amount_with_cents ?? p.amount_requested),
    received: BigInt(p.amount_received),
    txHash: p.tx_hash,
    confirmedAt: p.confirmed_at,
    status: p.status as PaymentStatus,
    metadata: p.metadata === null ? null : JSON.parse(p.metadata),
  })
  await trx
    .insertInto('webhook_events')
    .values({
      store_id: p.store_id,
      payment_id: p.id,
      event,
      body,
      status: 'pending',
      attempts: 0,
      delivery_id: randomUUID(),
      created_at: p.updated_at,
      updated_at: p.updated_at,
    })
    .execute()
}

/**
 * Hands freed unique amounts to queued payments at the same address, oldest first. Each gets
 * a fresh expiry, since its buyer is only now told what to pay (DESIGN.md).
 */
export async function promoteQueued(
  deps: PaymentEngineDeps,
  trx: Kysely<Database>,
  currency: CurrencyCode,
  address: string,
  now: number,
): Promise<string[]> {
  const queued = await trx
    .selectFrom('payments')
    .innerJoin('stores', 'stores.id', 'payments.store_id')
    .select(['payments.id', 'payments.amount_requested', 'stores.expiry_minutes'])
    .where('payments.currency', '=', currency)
    .where('payments.pay_address', '=', address)
    .where(sql.ref('payments.status'), '=', sql.lit('queued')) // a literal: the partial index payments_queue
    .where('payments.expires_at', '>', now)
    .orderBy('payments.created_at')
    .orderBy('payments.id')
    .limit(100)
    .execute()
  const promoted: string[] = []
  for (const q of queued) {
    const amount = await takeUniqueAmount(trx, currency, address, BigInt(q.amount_requested), q.id, deps.uniqueAmountSlots)
    if (amount === null) continue
    await trx
      .updateTable('payments')
      .set({ status: 'pending', amount_with_cents: amount.toString(), expires_at: now + q.expiry_minutes * 60_000, updated_at: now })
      .where('id', '=', q.id)
      .where('status', '=', 'queued')
      .execute()
    promoted.push(q.id)
  }
  return promoted
}
