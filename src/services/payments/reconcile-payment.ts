import type { PaymentStateChange } from '../../db/repositories/payment-repository.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { StorePaymentTerms } from '../../db/repositories/store-repository.js'
import { postingLines, targetPosition } from '../../domain/ledger/payment-posting.js'
import { evaluatePayment } from '../../domain/payments/evaluate-payment.js'
import type { Payment } from '../../domain/payments/payment.js'
import { eventForTransition } from '../../domain/payments/payment-events.js'
import { resolvedStatus } from '../../domain/payments/payment-resolution.js'
import type { PaymentEventName } from '../../domain/payments/payment-events.js'
import { OPEN_STATUSES } from '../../domain/payments/payment-status.js'
import { webhookBody } from '../../domain/webhooks/webhook-body.js'
import type { CurrencyCode } from '../../money/index.js'
import { takeUniqueAmount } from './deposit-allocation.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/**
 * Brings one payment in line with the chain and the clock, inside the caller's unit of work
 * `tx`: its status, received amount and confirmations; its ledger position; its webhook event;
 * its unique-amount slot (released when it stops waiting, handed to the oldest queued payment).
 * Safe to call any number of times: with nothing new it writes nothing. Returns the payment as
 * it is afterwards (undefined for an unknown id).
 */
export async function reconcilePayment(deps: PaymentEngineDeps, tx: Repositories, paymentId: string): Promise<Payment | undefined> {
  const now = deps.now()
  const p = await tx.payments.byIdForUpdate(paymentId)
  if (!p || p.status === 'selecting') return p
  // A queued payment marked invalid is reconciled like any other: its resolution ends it.
  if (p.status === 'queued' && !p.resolution) {
    return now >= p.expiresAt ? transition(tx, p, { status: 'expired', updatedAt: now }) : p
  }
  const store = await tx.stores.paymentTerms(p.storeId)
  if (!store) throw new Error(`payment ${p.id} names no store`)
  const transfers = await tx.chain.paymentTransfers(p.id)
  const tip = await tx.chain.cursorHeight(p.network)
  const evaluation = evaluatePayment({
    due: p.due,
    toleranceBp: store.underpayToleranceBp,
    expiresAt: p.expiresAt,
    requiredConfirmations: deps.chains.requiredConfirmations(p.network, p.currency, store.confirmations),
    transfers: transfers.map((t) => ({
      amount: t.amount,
      confirmations: t.blockHeight === null || tip === undefined ? 0 : Math.max(0, tip - t.blockHeight + 1),
    })),
    now,
  })
  // The chain decides what was received; a merchant's resolution, once made, decides the status.
  const newStatus = resolvedStatus(evaluation.status, p.resolution)

  const target = targetPosition(newStatus, evaluation.received, evaluation.confirmedReceived, store.commissionBp, p.resolution !== null)
  const lines = postingLines(p.storeId, p.ledger, target)
  if (lines.length > 0) {
    await tx.ledger.post({ currency: p.currency, storeId: p.storeId, paymentId: p.id, lines, now })
  }

  const completedNow = newStatus === 'completed' || newStatus === 'overpaid'
  const change = {
    status: newStatus,
    updatedAt: now,
    amountReceived: evaluation.received,
    confirmations: evaluation.confirmations,
    txHash: transfers[0]?.txHash ?? null,
    confirmedAt: completedNow ? (p.confirmedAt ?? now) : null,
    ledger: target,
  } satisfies PaymentStateChange
  const changed =
    change.status !== p.status ||
    change.amountReceived !== p.amountReceived ||
    change.confirmations !== p.confirmations ||
    change.txHash !== p.txHash ||
    change.confirmedAt !== p.confirmedAt ||
    target.pending !== p.ledger.pending ||
    target.credited !== p.ledger.credited ||
    target.fee !== p.ledger.fee
  if (!changed) return p
  const next = await transition(tx, p, change)

  const wasOpen = OPEN_STATUSES.includes(p.status)
  const isOpen = OPEN_STATUSES.includes(newStatus)
  if (p.strategy === 'unique_amount' && p.amountWithCents !== null) {
    if (wasOpen && !isOpen) {
      await tx.payments.releaseAmounts(p.id)
      await promoteQueued(deps, tx, p.currency, p.payAddress, now, new Map([[p.storeId, store]]))
    } else if (!wasOpen && isOpen) {
      // A reorg reopened the payment: take its amount back if nobody took it meanwhile.
      await tx.payments.claimAmount(p.currency, p.payAddress, p.amountWithCents, p.id)
    }
  }
  return next
}

/** Writes the new state and, for a transition that has one, its webhook event. */
async function transition(tx: Repositories, p: Payment, change: PaymentStateChange): Promise<Payment> {
  await tx.payments.updateState(p.id, change)
  const next: Payment = { ...p, ...change }
  const event = eventForTransition(p.status, next.status)
  if (event) await recordEvent(tx, next, event)
  return next
}

/**
 * The webhook outbox row, in the status change's own transaction: if one commits, so does the
 * other, and the delivery worker (jobs/workers/webhook-worker.ts) sends it from there.
 */
async function recordEvent(tx: Repositories, p: Payment, event: PaymentEventName): Promise<void> {
  // Donations send no webhook (DESIGN.md); their status changes are still visible to the merchant.
  if (p.source === 'donation') return
  const body = webhookBody(event, {
    id: p.id,
    orderId: p.orderId,
    currency: p.currency,
    due: p.due,
    received: p.amountReceived,
    txHash: p.txHash,
    confirmedAt: p.confirmedAt,
    status: p.status,
    metadata: p.metadata === null ? null : JSON.parse(p.metadata),
  })
  await tx.webhooks.enqueuePaymentEvent({ storeId: p.storeId, paymentId: p.id, event, body, now: p.updatedAt })
}

/**
 * Hands freed unique amounts to queued payments at the same address, oldest first. Each gets
 * a fresh expiry, since its buyer is only now told what to pay (DESIGN.md). `terms` holds the
 * stores' settings already read (a shared address is one store's, so usually all of them).
 */
export async function promoteQueued(
  deps: PaymentEngineDeps,
  tx: Repositories,
  currency: CurrencyCode,
  address: string,
  now: number,
  terms = new Map<string, StorePaymentTerms>(),
): Promise<string[]> {
  const queued = await tx.payments.queuedAt(currency, address, now, 100)
  const promoted: string[] = []
  for (const q of queued) {
    const amount = await takeUniqueAmount(tx, currency, address, q.amountRequested, q.id, deps.uniqueAmountSlots)
    if (amount === null) continue
    let store = terms.get(q.storeId)
    if (!store) {
      store = await tx.stores.paymentTerms(q.storeId)
      if (!store) throw new Error(`payment ${q.id} names no store`)
      terms.set(q.storeId, store)
    }
    await tx.payments.promote(q.id, amount, now + store.expiryMinutes * 60_000, now)
    promoted.push(q.id)
  }
  return promoted
}
