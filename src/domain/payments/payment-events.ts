import type { PaymentStatus } from './payment-status.js'

export type PaymentEventName = 'payment.confirming' | 'payment.completed' | 'payment.expired' | 'payment.underpaid' | 'payment.refunded'

/**
 * The webhook event a transition into `to` sends (DESIGN.md: completed is also sent for
 * overpaid, with that status). Transitions into other statuses send none; `payment.refunded`
 * is sent by a refund, not by a status change (services/refunds/refund-settlement.ts).
 */
export function eventForTransition(from: PaymentStatus, to: PaymentStatus): PaymentEventName | null {
  if (from === to) return null
  switch (to) {
    case 'confirming':
      return 'payment.confirming'
    case 'completed':
    case 'overpaid':
      return 'payment.completed'
    case 'expired':
      return 'payment.expired'
    case 'underpaid':
      return 'payment.underpaid'
    default:
      return null
  }
}
