import type { PaymentStatus } from './payment-status.js'

export type PaymentEventName = 'payment.confirming' | 'payment.completed' | 'payment.expired' | 'payment.underpaid'

/**
 * The webhook event a transition into `to` sends (DESIGN.md: completed is also sent for
 * overpaid, with that status). Transitions into other statuses send none.
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
