import { PaymentNotFoundError, RequestInvalidError } from '../../errors/index.js'
import { reconcilePayment } from './reconcile-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export interface UnmatchedDeposit {
  id: string
  storeId: string
  network: string
  currency: string
  txHash: string
  toAddress: string
  amount: bigint
  confirmed: boolean
  firstSeenAt: number
}

/**
 * Transfers to Kassa's addresses that matched no payment: late, wrong amount, wrong token.
 * Kept for the merchant and the operator to see, and to assign by hand.
 */
export async function listUnmatchedDeposits(deps: PaymentEngineDeps, storeId?: string): Promise<UnmatchedDeposit[]> {
  let q = deps.db
    .selectFrom('chain_transfers')
    .innerJoin('deposit_addresses', (j) =>
      j.onRef('deposit_addresses.network', '=', 'chain_transfers.network').onRef('deposit_addresses.address', '=', 'chain_transfers.to_address'),
    )
    .select([
      'chain_transfers.id', 'deposit_addresses.store_id', 'chain_transfers.network', 'chain_transfers.currency',
      'chain_transfers.tx_hash', 'chain_transfers.to_address', 'chain_transfers.amount', 'chain_transfers.block_height',
      'chain_transfers.first_seen_at',
    ])
    .where('chain_transfers.unmatched', '=', 1)
    .where('chain_transfers.orphaned', '=', 0)
  if (storeId) q = q.where('deposit_addresses.store_id', '=', storeId)
  const rows = await q.orderBy('chain_transfers.first_seen_at').execute()
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    network: r.network,
    currency: r.currency,
    txHash: r.tx_hash,
    toAddress: r.to_address,
    amount: BigInt(r.amount),
    confirmed: r.block_height !== null,
    firstSeenAt: r.first_seen_at,
  }))
}

/**
 * Attaches an unmatched transfer to a payment of the same store and currency, then lets the
 * payment engine re-evaluate it: a late full payment completes an expired payment, a top-up
 * completes an underpaid one. The merchant decides; the rules of evaluation stay the same.
 */
export async function assignDeposit(deps: PaymentEngineDeps, transferId: string, paymentId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const t = await trx
      .selectFrom('chain_transfers')
      .innerJoin('deposit_addresses', (j) =>
        j.onRef('deposit_addresses.network', '=', 'chain_transfers.network').onRef('deposit_addresses.address', '=', 'chain_transfers.to_address'),
      )
      .select(['chain_transfers.id', 'chain_transfers.currency', 'chain_transfers.unmatched', 'chain_transfers.orphaned', 'deposit_addresses.store_id'])
      .where('chain_transfers.id', '=', transferId)
      .executeTakeFirst()
    if (!t || t.unmatched !== 1 || t.orphaned !== 0) throw new RequestInvalidError(`No unmatched deposit ${transferId}.`)
    const p = await trx.selectFrom('payments').select(['id', 'store_id', 'currency', 'status']).where('id', '=', paymentId).executeTakeFirst()
    if (!p || p.store_id !== t.store_id) throw new PaymentNotFoundError(paymentId)
    if (p.currency !== t.currency) throw new RequestInvalidError(`The deposit is ${t.currency}; the payment is ${p.currency}.`)
    if (p.status === 'queued' || p.status === 'selecting') throw new RequestInvalidError(`A ${p.status} payment cannot take a deposit.`)
    await trx.updateTable('chain_transfers').set({ payment_id: p.id, unmatched: 0 }).where('id', '=', t.id).execute()
    await reconcilePayment(deps, trx, p.id)
  })
}
