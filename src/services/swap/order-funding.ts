import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { orderFunding } from '../../domain/swap/order-funding.js'
import type { Funding } from '../../domain/swap/order-funding.js'
import { partnerCredit } from '../../domain/swap/partner-credit.js'
import { activationLines, exchangeReceiveLines } from '../../domain/swap/swap-posting.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import { depositCoin, outputSide } from '../../domain/swap/swap-order.js'
import type { SwapOrder } from '../../domain/swap/swap-order.js'

export type { Funding } from '../../domain/swap/order-funding.js'

interface FundingDeps {
  repos: Repositories
  chains: ChainRegistry
}

/**
 * Orders' funding, read from the transfers the chain watcher recorded to their deposit
 * addresses (orphaned ones left out): one read per network, however many orders. Read only:
 * check and validate report it, and only the swap worker acts on it (`activateOrder`).
 */
export async function readFundings(deps: FundingDeps, orders: readonly SwapOrder[]): Promise<Map<string, Funding>> {
  const out = new Map<string, Funding>()
  const byNetwork = new Map<string, SwapOrder[]>()
  for (const o of orders) {
    let list = byNetwork.get(o.chainNetwork)
    if (!list) byNetwork.set(o.chainNetwork, (list = []))
    list.push(o)
  }
  for (const [network, list] of byNetwork) {
    const transfers = await deps.repos.chain.transfersToAddresses(
      network,
      list.map((o) => o.depositAddress),
    )
    const tipHeight = (await deps.repos.chain.cursorHeight(network)) ?? null
    const adapter = deps.chains.byNetwork(network)
    for (const o of list) {
      const required = adapter?.confirmations ?? depositCoin(o).confirmations
      out.set(o.trackcode, orderFunding(o, { transfers: transfers.get(o.depositAddress) ?? [], tipHeight, required }))
    }
  }
  return out
}

/** One order's funding (see `readFundings`); writes nothing. */
export async function readFunding(deps: FundingDeps, order: SwapOrder): Promise<Funding> {
  return (await readFundings(deps, [order])).get(order.trackcode)!
}

/**
 * Activates an order whose funding can start: sets `activated_at` once, by a conditional
 * update, and in the same transaction posts what activation means to the ledger
 * (domain/swap/swap-posting.ts): the deposit received (chain units), the service fee less the
 * partner's credit, the output fees, and for an exchange both sides of the trade; and records
 * it in the audit. Only the swap worker calls this. A second caller finds the order activated
 * and posts nothing. Answers when the order activated (now, or the earlier time that stands).
 */
export async function activateOrder(tx: Repositories, order: SwapOrder, funding: Funding, now: number): Promise<number> {
  if (!(await tx.swapOrders.markActivated(order.trackcode, now))) {
    // Activated already (another instance's worker): its time stands, and its postings.
    return (await tx.swapOrders.activatedAt(order.trackcode))!
  }
  const coin = funding.coin
  const scale = chainScale(coin)
  const serviceFee = order.serviceFee * scale
  const credit = order.partnerAccountId === null ? 0n : partnerCredit(order.serviceFee) * scale
  const received = funding.receivedOnChain
  const lines = activationLines({
    trackcode: order.trackcode,
    received,
    serviceFee,
    outputFees: BigInt(order.plan.feeOutputsTotal) * scale,
    partner: order.partnerAccountId === null ? null : { accountId: order.partnerAccountId, credit },
    exchanged: order.plan.to ? order.depositAmount * scale - serviceFee : 0n,
  })
  const postings = [{ currency: coin.currency, storeId: null, paymentId: null, lines, now }]
  if (order.plan.to) {
    const to = outputSide(order).coin
    const receive = order.plan.outputs.reduce((s, o) => s + BigInt(o.amount), 0n) * chainScale(to)
    postings.push({ currency: to.currency, storeId: null, paymentId: null, lines: exchangeReceiveLines(order.trackcode, receive), now })
  }
  // In currency order (and each posting locks its accounts in name order): two exchanges in
  // opposite directions activating at once lock swap:inventory's rows in the same order.
  postings.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
  for (const posting of postings) await tx.ledger.post(posting)
  await tx.swapOrders.audit(
    order.trackcode,
    order.accountId,
    'activated',
    { partner_account_id: order.partnerAccountId, partner_credit: credit.toString(), received: received.toString() },
    now,
  )
  return now
}
