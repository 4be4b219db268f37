import type { OrderCursor } from '../../db/repositories/swap-order-repository.js'
import type { SwapOrder } from '../../domain/swap/swap-order.js'
import { DEPOSIT_WINDOW_SECONDS, MIXER_LIMITS } from '../../domain/swap/swap-rules.js'
import { queuePayout } from '../../services/payouts/queue-payout.js'
import { activateOrder, readFundings } from '../../services/swap/order-funding.js'
import { outputPayout } from '../../services/swap/output-payout.js'
import type { SwapDeps } from '../../services/swap/swap-deps.js'

/** Orders read per page; the worker goes through every page each pass. */
const PAGE = 200

/** Purged orders per page: their trackcodes go into one `IN (…)` list. */
const PURGE_PAGE = 500

/**
 * The Swap API's background step, and the only code that moves an order on (check and
 * validate only read). Each pass it:
 *
 * 1. activates every order whose deposits are fully funded and confirmed (services/swap/
 *    order-funding.ts: `activated_at` set once, the ledger posted in the same transaction);
 * 2. hands every output whose delay has run out since activation to the payout worker, through
 *    `queuePayout`: the output's link and its payout are written in one transaction, and the
 *    link's primary key refuses a second one, so an output is queued at most once however often
 *    this runs or on how many instances. Deleted orders are still paid: deletion hides an order
 *    from the API, it does not keep a customer's money;
 * 3. purges old records (`purgeSwapRecords`).
 *
 * Every waiting and running order is looked at, page by page: a funded order is never stuck
 * behind a long list of older ones.
 */
export async function runSwapWorker(deps: SwapDeps): Promise<{ activated: number; queued: number }> {
  const now = deps.now()
  const horizon = now - (DEPOSIT_WINDOW_SECONDS + MIXER_LIMITS.maxDelayMinutes * 60) * 1000
  let activated = 0
  for await (const page of pages((after) => deps.repos.swapOrders.waiting(now - DEPOSIT_WINDOW_SECONDS * 1000, after, PAGE))) {
    const fundings = await readFundings(deps, page)
    for (const order of page) {
      const funding = fundings.get(order.trackcode)!
      if (!funding.canStart) continue
      const at = await deps.repos.transaction((tx) => activateOrder(tx, order, funding, now))
      if (at === now) activated++
    }
  }

  let queued = 0
  for await (const page of pages((after) => deps.repos.swapOrders.running(horizon, after, PAGE))) {
    for (const order of page) {
      const activatedAt = order.activatedAt!
      const due = order.plan.outputs.map((o, i) => ({ o, i })).filter(({ o }) => activatedAt + o.delayMinutes * 60_000 <= now)
      if (due.length === 0) continue
      const linked = new Set((await deps.repos.payouts.outputStates(order.trackcode)).map((s) => s.outputIndex))
      for (const { i } of due) {
        if (linked.has(i)) continue
        const payout = await deps.repos.transaction((tx) => queuePayout(tx, deps, outputPayout(order, i)))
        if (payout) queued++
      }
    }
  }
  await purgeSwapRecords(deps)
  return { activated, queued }
}

/** Pages of orders, each after the last order of the one before, until a short page. */
async function* pages(read: (after: OrderCursor | null) => Promise<SwapOrder[]>): AsyncGenerator<SwapOrder[]> {
  let after: OrderCursor | null = null
  for (;;) {
    const page = await read(after)
    if (page.length > 0) yield page
    if (page.length < PAGE) return
    const last = page[page.length - 1]!
    after = { createdAt: last.createdAt, trackcode: last.trackcode }
  }
}

/**
 * Retention: an order leaves the API 48 h after creation (the queries filter on age); its row
 * is removed once every output can have been queued (deposit window + longest delay, 96 h)
 * and none of its payouts is still on its way or failed (the payout worker posts a confirmed
 * output to the order's ledger account, and the operator re-queues a failed one through the
 * order), and the audit record, which also holds the plan, after KASSA_SWAP_AUDIT_DAYS.
 */
export async function purgeSwapRecords(deps: SwapDeps): Promise<{ orders: number; audit: number }> {
  const now = deps.now()
  const horizon = now - (DEPOSIT_WINDOW_SECONDS + MIXER_LIMITS.maxDelayMinutes * 60) * 1000
  const auditHorizon = now - deps.auditDays * 86_400_000
  let orders = 0
  let after: string | null = null
  for (;;) {
    const old = await deps.repos.swapOrders.createdBefore(horizon, after, PURGE_PAGE)
    if (old.length === 0) break
    orders += await deps.repos.transaction(async (tx) => {
      const unsettled = await tx.payouts.unsettledOrders(old)
      const settled = old.filter((t) => !unsettled.has(t))
      await tx.payouts.dropOutputLinks(settled)
      return tx.swapOrders.deleteOrders(settled)
    })
    if (old.length < PURGE_PAGE) break
    after = old[old.length - 1]!
  }
  const audit = await deps.repos.transaction(async (tx) => {
    const dropped = await tx.swapOrders.dropAuditBefore(auditHorizon)
    await tx.swapCredentials.dropCountersBefore(new Date(now - 2 * 86_400_000).toISOString().slice(0, 10))
    return dropped
  })
  return { orders, audit }
}
