import type { Payment } from '../../domain/payments/payment.js'
import { REASON_MAX_LENGTH, normaliseReason, resolutionRefusal } from '../../domain/payments/payment-resolution.js'
import type { ResolutionKind } from '../../domain/payments/payment-resolution.js'
import { PaymentNotFoundError, PaymentNotResolvableError, RequestInvalidError } from '../../errors/index.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'
import { PAYMENT_ID } from './payment-queries.js'
import { reconcilePayment } from './reconcile-payment.js'

export interface ResolvePaymentParams {
  /** The store the payment must belong to (another store's is not found); absent for the operator's CLI: any store. */
  storeId?: string | undefined
  paymentId: string
  kind: ResolutionKind
  /** The merchant's words, required, at most 500 characters. */
  reason: string
  /** Who resolves: a dashboard user's email, or `cli`. */
  by: string
}

/**
 * Marks a payment paid or invalid by hand, with a reason, so that no payment ever needs a
 * database edit. The resolution is written on the payment and the payment reconciled in the
 * same transaction: reconciliation applies it (the status, the webhook of the new status, the
 * freed amount slot, the ledger) exactly as it will on every later pass, so a late transfer or
 * a reorg cannot undo it (domain/payments/payment-resolution.ts). No money moves by itself:
 * what is credited stays what was confirmed received. Returns the payment afterwards.
 */
export async function resolvePayment(deps: PaymentEngineDeps, p: ResolvePaymentParams): Promise<Payment> {
  const reason = normaliseReason(p.reason)
  if (reason === null) throw new RequestInvalidError(`Give a reason of 1 to ${REASON_MAX_LENGTH} characters.`)
  if (!PAYMENT_ID.test(p.paymentId)) throw new PaymentNotFoundError(p.paymentId)
  return deps.repos.transaction(async (tx) => {
    // Locked first, so two resolutions of one payment (two tabs) queue, and the second sees the first.
    const before = await tx.payments.byIdForUpdate(p.paymentId)
    if (!before || (p.storeId !== undefined && before.storeId !== p.storeId)) throw new PaymentNotFoundError(p.paymentId)
    // Brought up to date first: an expiry or a transfer not yet applied decides what may be done.
    const current = (await reconcilePayment(deps, tx, before.id)) ?? before
    const refusal = resolutionRefusal(p.kind, current.status, current.resolution)
    if (refusal) throw new PaymentNotResolvableError(current.id, refusal)
    const resolution = { kind: p.kind, reason, by: p.by, at: deps.now(), from: current.status }
    if (!(await tx.payments.resolve(current.id, resolution))) {
      throw new PaymentNotResolvableError(current.id, 'This payment was resolved meanwhile.')
    }
    const after = await reconcilePayment(deps, tx, current.id)
    if (!after) throw new PaymentNotFoundError(current.id)
    return after
  })
}
