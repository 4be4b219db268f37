/** Every status of the seed, in lifecycle order (see DESIGN.md, "Lifecycle"). */
export const PAYMENT_STATUSES = ['selecting', 'pending', 'queued', 'confirming', 'completed', 'expired', 'overpaid', 'underpaid'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** Statuses in which the payment still waits for money and holds its amount slot. */
export const OPEN_STATUSES: readonly PaymentStatus[] = ['pending', 'confirming']

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value)
}

/** Statuses whose received money is credited to the merchant once confirmed. */
export function creditsMerchant(status: PaymentStatus): boolean {
  return status === 'completed' || status === 'overpaid' || status === 'underpaid'
}
