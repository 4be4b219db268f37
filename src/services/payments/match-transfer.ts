import type { Kysely } from 'kysely'
import type { ObservedTransfer } from '../../chains/adapter.js'
import type { Database } from '../../db/schema.js'

export type TransferMatch =
  | { kind: 'payment'; paymentId: string }
  | { kind: 'unmatched'; storeId: string }
  | { kind: 'not-ours' }
  /** To a Swap API order's deposit address: recorded; the order reads its funding from it. */
  | { kind: 'swap' }

/** Statuses that still accept money on a payment's own address (a top-up makes it overpaid). */
const ACCEPTS_ON_OWN_ADDRESS = ['pending', 'confirming', 'completed', 'overpaid']

/**
 * Decides which payment a newly seen transfer pays. A transfer to one of our addresses that
 * fits no open payment (late, wrong amount, wrong token) is `unmatched`: recorded and shown,
 * never dropped (DESIGN.md "No funds are ever dropped").
 */
export async function matchTransfer(
  trx: Kysely<Database>,
  network: string,
  t: ObservedTransfer,
  now: number,
): Promise<TransferMatch> {
  const addr = await trx
    .selectFrom('deposit_addresses')
    .select(['store_id', 'payment_id'])
    .where('network', '=', network)
    .where('address', '=', t.toAddress)
    .executeTakeFirst()
  if (!addr) return (await isSwapDeposit(trx, network, t.toAddress)) ? { kind: 'swap' } : { kind: 'not-ours' }
  const unmatched = { kind: 'unmatched', storeId: addr.store_id } as const

  if (addr.payment_id !== null) {
    const p = await trx
      .selectFrom('payments')
      .select(['id', 'status', 'currency', 'expires_at'])
      .where('id', '=', addr.payment_id)
      .executeTakeFirst()
    if (!p || p.currency !== t.currency || !ACCEPTS_ON_OWN_ADDRESS.includes(p.status)) return unmatched
    if (p.status === 'pending' && now >= p.expires_at) return unmatched
    return { kind: 'payment', paymentId: p.id }
  }

  const slot = await trx
    .selectFrom('amount_slots')
    .innerJoin('payments', 'payments.id', 'amount_slots.payment_id')
    .select(['payments.id', 'payments.status', 'payments.expires_at'])
    .where('amount_slots.currency', '=', t.currency)
    .where('amount_slots.address', '=', t.toAddress)
    .where('amount_slots.amount', '=', t.amount.toString())
    .executeTakeFirst()
  if (!slot || (slot.status === 'pending' && now >= slot.expires_at)) return unmatched
  return { kind: 'payment', paymentId: slot.id }
}

/** Swap orders have addresses of their own (src/services/swap/deposit-address.ts), deleted or not: no funds are dropped. */
async function isSwapDeposit(trx: Kysely<Database>, network: string, address: string): Promise<boolean> {
  const row = await trx.selectFrom('swap_orders').select('trackcode').where('chain_network', '=', network).where('deposit_address', '=', address).executeTakeFirst()
  return row !== undefined
}
