import type { PaymentStatus } from './payment-status.js'

export interface CountedTransfer {
  amount: bigint
  confirmations: number
}

export interface PaymentFacts {
  /** What the buyer must send: amount_with_cents for unique amounts, else the requested amount. */
  due: bigint
  /** Share of `due` the store forgives, in basis points (store setting, default 0). */
  toleranceBp: number
  expiresAt: number
  requiredConfirmations: number
  /** Transfers matched to this payment that are still on the chain (mempool included). */
  transfers: readonly CountedTransfer[]
  now: number
}

export interface PaymentEvaluation {
  status: Extract<PaymentStatus, 'pending' | 'confirming' | 'completed' | 'overpaid' | 'underpaid' | 'expired'>
  received: bigint
  confirmedReceived: bigint
  /** Fewest confirmations among the transfers; 0 with none. */
  confirmations: number
}

/**
 * The status a payment has, derived from what the chain shows and the clock, never from the
 * status it had. Because it is a pure function of the facts, a reorg that removes a transfer
 * or lowers its depth is handled by evaluating again: no special undo path to get wrong.
 *
 * - enough received and confirmed → completed (overpaid when more than due);
 * - enough received, not all of it confirmed → confirming;
 * - otherwise, before expiry → pending (a partial payment keeps the payment open);
 * - otherwise → underpaid if anything arrived, else expired.
 */
export function evaluatePayment(f: PaymentFacts): PaymentEvaluation {
  const minimum = toleratedMinimum(f.due, f.toleranceBp)
  let received = 0n
  let confirmedReceived = 0n
  let confirmations = f.transfers.length > 0 ? Number.MAX_SAFE_INTEGER : 0
  for (const t of f.transfers) {
    received += t.amount
    if (t.confirmations >= f.requiredConfirmations) confirmedReceived += t.amount
    confirmations = Math.min(confirmations, t.confirmations)
  }
  const base = { received, confirmedReceived, confirmations }
  if (received > 0n && received >= minimum) {
    if (confirmedReceived >= minimum) {
      return { ...base, status: confirmedReceived > f.due ? 'overpaid' : 'completed' }
    }
    return { ...base, status: 'confirming' }
  }
  if (f.now < f.expiresAt) return { ...base, status: 'pending' }
  return { ...base, status: received > 0n ? 'underpaid' : 'expired' }
}

/**
 * The least that completes a payment of `due` under a tolerance of `toleranceBp`, rounded in
 * the buyer's favour. Matching a near amount (near-amount-match.ts) uses the same bound, so a
 * transfer matched for being close enough also completes the payment.
 */
export function toleratedMinimum(due: bigint, toleranceBp: number): bigint {
  return due - (due * BigInt(toleranceBp)) / 10_000n
}
