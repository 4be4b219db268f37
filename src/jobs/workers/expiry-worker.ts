import { reconcilePayment } from '../../services/payments/reconcile-payment.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'

/**
 * Ends payments whose time is up: pending → expired or underpaid, queued → expired. Each in
 * its own transaction, so one failure does not hold back the rest; returns how many it ended.
 */
export async function expireDuePayments(deps: PaymentEngineDeps, batch = 500): Promise<number> {
  const due = await deps.repos.payments.idsDueToExpire(deps.now(), batch)
  for (const id of due) {
    await deps.repos.transaction((tx) => reconcilePayment(deps, tx, id))
  }
  return due.length
}
