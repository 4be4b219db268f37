import type { Payment } from '../../domain/payments/payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/** A donation: the payment, and the donor's name and message from its metadata. */
export interface Donation {
  payment: Payment
  donorName: string | null
  donorMessage: string | null
}

/** A store's donations, newest first (`kassa donations list`, the dashboard). */
export async function listDonations(deps: PaymentEngineDeps, storeId: string, limit = 100): Promise<Donation[]> {
  const payments = await deps.repos.payments.donations(storeId, limit)
  return payments.map((payment) => {
    const donor = donorOf(payment)
    return { payment, donorName: donor.name, donorMessage: donor.message }
  })
}

/** The donor's name and message, kept in the payment's metadata by `/donate/create`. */
export function donorOf(payment: Pick<Payment, 'metadata'>): { name: string | null; message: string | null } {
  let meta: Record<string, unknown> = {}
  try {
    meta = payment.metadata ? (JSON.parse(payment.metadata) as Record<string, unknown>) : {}
  } catch {
    // Metadata of Merchant API payments is the merchant's JSON; a donor name is never in a broken one.
  }
  return {
    name: typeof meta.donor_name === 'string' ? meta.donor_name : null,
    message: typeof meta.donor_message === 'string' ? meta.donor_message : null,
  }
}

/**
 * What donations brought per currency: the received amount of every donation that credits the
 * store (completed, overpaid, underpaid), added up with bigint.
 */
export async function donationTotals(deps: PaymentEngineDeps, storeId: string): Promise<Map<string, { count: number; received: bigint }>> {
  const receipts = await deps.repos.payments.donationReceipts(storeId, ['completed', 'overpaid', 'underpaid'])
  const out = new Map<string, { count: number; received: bigint }>()
  for (const r of receipts) {
    const t = out.get(r.currency) ?? { count: 0, received: 0n }
    out.set(r.currency, { count: t.count + 1, received: t.received + r.amountReceived })
  }
  return out
}
