import { LedgerRepository } from '../../db/repositories/ledger-repository.js'
import { SwapOrderRepository } from '../../db/repositories/swap-order-repository.js'
import type { SwapOrdersTable } from '../../db/schema.js'
import { partnerCredit } from '../../domain/swap/partner-credit.js'
import { activationLines, exchangeReceiveLines } from '../../domain/swap/swap-posting.js'
import { chainScale, swapCoin } from '../../domain/swap/swap-coins.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'
import { outputSide } from './stored-plan.js'
import type { StoredSplitPlan } from './stored-plan.js'
import type { SwapDeps } from './swap-deps.js'

export interface Funding {
  coin: SwapCoin
  /** In the coin's units (10^-precision). */
  waiting: bigint
  received: bigint
  /** 0: nothing seen; 1: something seen and not yet confirmed; 2: everything seen is confirmed (seed: confirm_status). */
  confirmStatus: 0 | 1 | 2
  fullyFunded: boolean
  canStart: boolean
  /** Epoch ms the order activated at (now, if this call activated it), or null. */
  activatedAt: number | null
}

/**
 * An order's funding, read from the transfers the chain watcher recorded to its deposit
 * address (orphaned ones left out), and its activation: the first time the deposits are fully
 * funded and confirmed, `activated_at` is set by a conditional update and, in the same
 * transaction, the deposit, the fees and the partner's 30 % are posted to the ledger, so
 * repeated checks and workers post once.
 */
export async function fundingOf(deps: SwapDeps, order: SwapOrdersTable): Promise<Funding> {
  const coin = swapCoin(order.coin, order.network)!
  const scale = chainScale(coin)
  const transfers = await deps.db
    .selectFrom('chain_transfers')
    .select(['amount', 'block_height'])
    .where('network', '=', order.chain_network)
    .where('to_address', '=', order.deposit_address)
    .where('orphaned', '=', 0)
    .execute()
  const tip = await deps.db.selectFrom('chain_cursors').select('height').where('network', '=', order.chain_network).executeTakeFirst()
  const adapter = deps.chains.byNetwork(order.chain_network)
  const required = adapter?.confirmations ?? coin.confirmations
  let received = 0n
  let confirmed = 0n
  for (const t of transfers) {
    const amount = BigInt(t.amount)
    received += amount
    if (t.block_height !== null && tip && Number(tip.height) - Number(t.block_height) + 1 >= required) confirmed += amount
  }
  const waiting = BigInt(order.deposit_amount)
  const receivedUnits = received / scale
  const confirmStatus = transfers.length === 0 ? 0 : confirmed === received ? 2 : 1
  const fullyFunded = receivedUnits >= waiting
  const canStart = confirmStatus === 2 && confirmed / scale >= waiting
  let activatedAt = order.activated_at === null ? null : Number(order.activated_at)
  if (activatedAt === null && canStart && order.deleted_at === null) activatedAt = await activate(deps, order, coin, received)
  return { coin, waiting, received: receivedUnits, confirmStatus, fullyFunded, canStart, activatedAt }
}

/**
 * Sets `activated_at` once and posts what activation means to the ledger in the same
 * transaction (src/domain/swap/swap-posting.ts): the `received` deposit (chain units), the
 * service fee less the partner's credit, the output fees, and for an exchange both sides of
 * the trade. A second caller finds the order activated and posts nothing.
 */
async function activate(deps: SwapDeps, order: SwapOrdersTable, coin: SwapCoin, received: bigint): Promise<number> {
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('swap_orders').set({ activated_at: now }).where('trackcode', '=', order.trackcode).where('activated_at', 'is', null).executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) {
      // Another check or worker activated it first: its time stands, and its postings.
      const row = await trx.selectFrom('swap_orders').select('activated_at').where('trackcode', '=', order.trackcode).executeTakeFirstOrThrow()
      return Number(row.activated_at)
    }
    const plan = JSON.parse(order.plan) as StoredSplitPlan
    const scale = chainScale(coin)
    const serviceFee = BigInt(order.service_fee) * scale
    const credit = order.partner_account_id === null ? 0n : partnerCredit(BigInt(order.service_fee)) * scale
    const ledger = new LedgerRepository(trx, deps.dialect)
    const lines = activationLines({
      trackcode: order.trackcode,
      received,
      serviceFee,
      outputFees: BigInt(plan.feeOutputsTotal) * scale,
      partner: order.partner_account_id === null ? null : { accountId: order.partner_account_id, credit },
      exchanged: plan.to ? BigInt(order.deposit_amount) * scale - serviceFee : 0n,
    })
    const postings = [{ currency: coin.currency, storeId: null, paymentId: null, lines, now }]
    if (plan.to) {
      const to = outputSide(plan, order).coin
      const receive = plan.outputs.reduce((s, o) => s + BigInt(o.amount), 0n) * chainScale(to)
      postings.push({ currency: to.currency, storeId: null, paymentId: null, lines: exchangeReceiveLines(order.trackcode, receive), now })
    }
    // In currency order (and each posting locks its accounts in name order): two exchanges in
    // opposite directions activating at once lock swap:inventory's rows in the same order.
    postings.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    for (const posting of postings) await ledger.post(posting)
    await new SwapOrderRepository(trx).audit(order.trackcode, order.account_id, 'activated', { partner_account_id: order.partner_account_id, partner_credit: credit.toString(), received: received.toString() }, now)
    return now
  })
}
