import { uuidV7 } from '../../db/uuid-v7.js'
import { DEPOSIT_WINDOW_SECONDS, MIXER_LIMITS } from '../../domain/swap/swap-rules.js'
import { fundingOf } from '../../services/swap/order-funding.js'
import { outputPayoutRow } from '../../services/swap/output-payout.js'
import { outputSide } from '../../services/swap/stored-plan.js'
import type { StoredSplitPlan } from '../../services/swap/stored-plan.js'
import type { SwapDeps } from '../../services/swap/swap-deps.js'

/** Orders looked at per pass. */
const BATCH = 200

/**
 * The Swap API's background step: activates orders whose deposits are fully funded and
 * confirmed (even if nobody checks them), then hands every output whose delay has run out
 * since activation to the payout engine as a `swap_output` payout. The output's row in
 * swap_payouts and its payout are written in one transaction, and the primary key of
 * swap_payouts refuses a second one, so an output is queued at most once however often this
 * runs or on how many instances. Deleted orders are still paid: deletion hides an order from
 * the API, it does not keep a customer's money.
 */
export async function runSwapWorker(deps: SwapDeps): Promise<{ activated: number; queued: number }> {
  const now = deps.now()
  const horizon = now - (DEPOSIT_WINDOW_SECONDS + MIXER_LIMITS.maxDelayMinutes * 60) * 1000
  let activated = 0
  const waiting = await deps.db.selectFrom('swap_orders').selectAll()
    .where('activated_at', 'is', null).where('deleted_at', 'is', null).where('created_at', '>', now - DEPOSIT_WINDOW_SECONDS * 1000)
    .orderBy('created_at').limit(BATCH).execute()
  for (const order of waiting) if ((await fundingOf(deps, order)).activatedAt !== null) activated++

  let queued = 0
  const running = await deps.db.selectFrom('swap_orders').selectAll()
    .where('activated_at', 'is not', null).where('created_at', '>', horizon)
    .orderBy('created_at').limit(BATCH).execute()
  for (const order of running) {
    const plan = JSON.parse(order.plan) as StoredSplitPlan
    const done = new Set((await deps.db.selectFrom('swap_payouts').select('output_index').where('trackcode', '=', order.trackcode).execute()).map((r) => Number(r.output_index)))
    const { coin, chainNetwork } = outputSide(plan, order)
    for (const [i, o] of plan.outputs.entries()) {
      if (done.has(i) || Number(order.activated_at) + o.delayMinutes * 60_000 > now) continue
      const id = uuidV7(now)
      const inserted = await deps.db.transaction().execute(async (trx) => {
        const link = await trx.insertInto('swap_payouts').values({ trackcode: order.trackcode, output_index: i, payout_id: id }).onConflict((oc) => oc.doNothing()).executeTakeFirst()
        if (Number(link.numInsertedOrUpdatedRows ?? 0n) !== 1) return false
        await trx.insertInto('payouts').values(outputPayoutRow({ id, network: chainNetwork, coin, output: o, now })).execute()
        return true
      })
      if (inserted) queued++
    }
  }
  await purgeSwapRecords(deps)
  return { activated, queued }
}

/**
 * Retention: an order leaves the API 48 h after creation (the queries filter on age); its row
 * is removed once every output can have been queued (deposit window + longest delay, 96 h)
 * and none of its payouts is still on its way or failed (the engine posts a confirmed
 * output to the order's ledger account, and the operator re-queues a failed one through the
 * order), and the audit record, which also holds the plan, after KASSA_SWAP_AUDIT_DAYS.
 */
export async function purgeSwapRecords(deps: SwapDeps): Promise<{ orders: number; audit: number }> {
  const now = deps.now()
  const horizon = now - (DEPOSIT_WINDOW_SECONDS + MIXER_LIMITS.maxDelayMinutes * 60) * 1000
  const auditHorizon = now - deps.auditDays * 86_400_000
  return deps.db.transaction().execute(async (trx) => {
    const unsettled = trx.selectFrom('swap_payouts').innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .select('swap_payouts.trackcode').where('payouts.status', 'in', ['queued', 'signed', 'broadcast', 'failed'])
    const old = trx.selectFrom('swap_orders').select('trackcode').where('created_at', '<', horizon).where('trackcode', 'not in', unsettled)
    await trx.deleteFrom('swap_payouts').where('trackcode', 'in', old).execute()
    const orders = await trx.deleteFrom('swap_orders').where('trackcode', 'in', old).executeTakeFirst()
    const audit = await trx.deleteFrom('swap_audit').where('created_at', '<', auditHorizon).executeTakeFirst()
    await trx.deleteFrom('swap_quota_usage').where('day', '<', new Date(now - 2 * 86_400_000).toISOString().slice(0, 10)).execute()
    return { orders: Number(orders.numDeletedRows), audit: Number(audit.numDeletedRows) }
  })
}
