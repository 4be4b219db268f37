import type { PaymentRow } from './create-payment.js'
import { PUBLIC_PAYMENTS } from './public-payments.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export interface DonationRow {
  payment: PaymentRow
  donorName: string | null
  donorMessage: string | null
}

/** A store's donations, newest first (`kassa donations list`; the dashboard later). */
export async function listDonations(deps: PaymentEngineDeps, storeId: string, limit = 100): Promise<DonationRow[]> {
  const rows = await deps.db
    .selectFrom('payments')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('source', '=', 'donation')
    .where(PUBLIC_PAYMENTS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((payment) => {
    const donor = donorOf(payment)
    return { payment, donorName: donor.name, donorMessage: donor.message }
  })
}

/** The donor's name and message, kept in the payment's metadata by `/donate/create`. */
export function donorOf(payment: Pick<PaymentRow, 'metadata'>): { name: string | null; message: string | null } {
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
  const rows = await deps.db
    .selectFrom('payments')
    .select(['currency', 'amount_received'])
    .where('store_id', '=', storeId)
    .where('source', '=', 'donation')
    .where('status', 'in', ['completed', 'overpaid', 'underpaid'])
    .execute()
  const out = new Map<string, { count: number; received: bigint }>()
  for (const r of rows) {
    const t = out.get(r.currency) ?? { count: 0, received: 0n }
    out.set(r.currency, { count: t.count + 1, received: t.received + BigInt(r.amount_received) })
  }
  return out
}
