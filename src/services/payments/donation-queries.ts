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
    const meta = payment.metadata ? (JSON.parse(payment.metadata) as Record<string, unknown>) : {}
    return {
      payment,
      donorName: typeof meta.donor_name === 'string' ? meta.donor_name : null,
      donorMessage: typeof meta.donor_message === 'string' ? meta.donor_message : null,
    }
  })
}
