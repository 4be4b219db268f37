import type { PaymentStatus } from './payment-status.js'

/**
 * A merchant's hand resolution of a payment (docs/DASHBOARD.md, "Mark as paid / mark invalid"):
 * - `paid`: the merchant was paid some other way, or forgives a shortfall; the payment is
 *   `completed` from then on;
 * - `invalid`: the payment must not be fulfilled (an order cancelled, a fraud, a test); the seed
 *   has no such status, so it reads `expired`, and the resolution says why.
 */
export type ResolutionKind = 'paid' | 'invalid'

export const RESOLUTION_KINDS: readonly ResolutionKind[] = ['paid', 'invalid']

export interface PaymentResolution {
  kind: ResolutionKind
  /** The merchant's words, 1 to REASON_MAX_LENGTH characters. */
  reason: string
  /** Who resolved it: a dashboard user's email, or `cli` for the operator on the host. */
  by: string
  at: number
  /** The status the payment had when it was resolved. */
  from: PaymentStatus
}

export const REASON_MAX_LENGTH = 500

/**
 * The statuses each resolution may be made from. Mark as paid only ends a payment that ended
 * short: `expired` (nothing or too little arrived in time) and `underpaid`. An open payment
 * (pending, queued, confirming) can still be paid on chain, so it is left to the chain; a
 * completed or overpaid payment is paid already. Mark invalid ends anything but a payment
 * whose money is on its way (`confirming`: the chain decides within minutes, and what arrives
 * is then credited and refundable anyway) or one still `selecting` a currency (no payment yet).
 */
const RESOLVABLE_FROM: Record<ResolutionKind, readonly PaymentStatus[]> = {
  paid: ['expired', 'underpaid'],
  invalid: ['pending', 'queued', 'expired', 'underpaid', 'overpaid', 'completed'],
}

/** Why `kind` may not be applied to a payment in `status` with `existing` resolution; null when it may. */
export function resolutionRefusal(kind: ResolutionKind, status: PaymentStatus, existing: PaymentResolution | null): string | null {
  if (existing) return `This payment was already marked ${existing.kind} and cannot be resolved again.`
  if (RESOLVABLE_FROM[kind].includes(status)) return null
  if (kind === 'paid') {
    if (status === 'completed' || status === 'overpaid') return `A ${status} payment is paid already.`
    return `A ${status} payment can still be paid on chain; mark it paid once it has ended expired or underpaid.`
  }
  if (status === 'confirming') return 'Money for this payment is on its way; wait until it is confirmed, then mark it invalid.'
  return `A ${status} payment cannot be marked invalid.`
}

/** The reason as stored: trimmed; null when empty or longer than REASON_MAX_LENGTH characters. */
export function normaliseReason(text: string): string | null {
  const reason = text.trim()
  if (reason.length === 0 || [...reason].length > REASON_MAX_LENGTH) return null
  return reason
}

/**
 * The status a resolved payment has, whatever the chain shows later. A resolution is sticky:
 * reconciliation (services/payments/reconcile-payment.ts) evaluates the chain as always, for
 * the amounts received and confirmed, and then the resolution decides the status. A late
 * transfer, a reorg or a re-evaluation changes what is received and credited, never the status.
 */
export function resolvedStatus(evaluated: PaymentStatus, resolution: Pick<PaymentResolution, 'kind'> | null): PaymentStatus {
  if (!resolution) return evaluated
  return resolution.kind === 'paid' ? 'completed' : 'expired'
}
