import type { DoctorCheckResult, DoctorDeps } from './doctor-check.js'

/**
 * The webhook outbox row is written in the status change's own transaction
 * (services/payments/reconcile-payment.ts), so every ended payment has the event of its status.
 * Donations send none (DESIGN.md); every other source does, not only the Merchant API's.
 */
export async function paymentEventsCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const ids = await deps.repos.doctor.finalPaymentsWithoutEvent()
  return {
    name: 'payment-events',
    title: 'every ended payment has the webhook event of its status',
    findings: ids.map((id) => ({ id, detail: `payment ${id} ended without its webhook event` })),
  }
}
