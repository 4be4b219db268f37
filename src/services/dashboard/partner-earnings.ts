import type { Repositories } from '../../db/repositories/repositories.js'
import { swapCoin } from '../../domain/swap/swap-coins.js'
import { swapLedgerAccount } from '../../domain/swap/partner-credit.js'
import { currencyInfo, formatAmount, isChainCurrencyCode } from '../../money/index.js'

export interface PartnerOrderRow {
  trackcode: string
  type: 'mixer' | 'exchange'
  coin: string
  network: string
  /** Decimal text in the coin. */
  amount: string
  state: 'awaiting deposit' | 'active' | 'deleted' | 'expired'
  createdAt: number
}

export interface PartnerEarning {
  trackcode: string
  currency: string
  /** Decimal text in `currency`. */
  amount: string
  creditedAt: number
}

const ORDERS_SHOWN = 200

/** The account's own orders (made with its Swap API key), newest first, while the API keeps them. */
export async function partnerOrders(repos: Repositories, accountId: string, now: number): Promise<PartnerOrderRow[]> {
  const orders = await repos.swapOrders.ofAccount(accountId, ORDERS_SHOWN)
  return orders.map((o) => {
    const coin = swapCoin(o.coin, o.network)
    return {
      trackcode: o.trackcode,
      type: o.type,
      coin: o.coin.toUpperCase(),
      network: o.network,
      amount: coin ? formatAmount(o.depositAmount, coin.precision, coin.precision) : o.depositAmount.toString(),
      state: o.deletedAt !== null ? 'deleted' : o.activatedAt !== null ? 'active' : o.expiresAt <= now ? 'expired' : 'awaiting deposit',
      createdAt: o.createdAt,
    }
  })
}

/** Totals per currency: the balance of the ledger account `partner:<account>`, nothing recomputed. */
export async function partnerTotals(repos: Repositories, accountId: string): Promise<{ currency: string; amount: string }[]> {
  const account = swapLedgerAccount.partner(accountId)
  const balances = (await repos.ledger.balances([account])).get(account) ?? new Map<string, bigint>()
  return [...balances]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([currency, v]) =>
      isChainCurrencyCode(currency) ? [{ currency, amount: formatAmount(v, currencyInfo(currency).decimals) }] : [],
    )
}

/**
 * Each credit by order, from the audit record of the activation that posted it (it names the
 * partner and the amount, and outlives the order row). The currency is the order's deposit
 * coin's, read from the order or, once purged, from its `created` audit record.
 */
export async function partnerCredits(repos: Repositories, accountId: string): Promise<PartnerEarning[]> {
  // The repository's match on the detail text is checked again by parsing it here.
  const rows = await repos.swapOrders.activationsNaming(accountId, ORDERS_SHOWN)
  const credited = rows
    .map((r) => ({ r, d: JSON.parse(r.detail) as { partner_account_id?: string; partner_credit?: string } }))
    .filter(({ d }) => d.partner_account_id === accountId && d.partner_credit !== undefined && d.partner_credit !== '0')
  if (credited.length === 0) return []
  const trackcodes = credited.map(({ r }) => r.trackcode)
  const [orders, created] = await Promise.all([repos.swapOrders.orderCoins(trackcodes), repos.swapOrders.creationDetails(trackcodes)])
  const coinOf = new Map<string, { coin: string; network: string }>()
  for (const c of created) {
    const d = JSON.parse(c.detail) as { coin?: string; network?: string; from?: string }
    if (d.coin && d.network) coinOf.set(c.trackcode, { coin: d.coin, network: d.network })
    else if (d.from) {
      const [coin = '', network = ''] = d.from.split('_')
      coinOf.set(c.trackcode, { coin, network })
    }
  }
  for (const o of orders) coinOf.set(o.trackcode, { coin: o.coin, network: o.network })
  return credited.map(({ r, d }) => {
    const c = coinOf.get(r.trackcode)
    const currency = c && swapCoin(c.coin, c.network)?.currency
    const known = currency !== undefined && isChainCurrencyCode(currency)
    return {
      trackcode: r.trackcode,
      currency: known ? currency : '?',
      amount: known ? formatAmount(BigInt(d.partner_credit!), currencyInfo(currency).decimals) : d.partner_credit!,
      creditedAt: r.createdAt,
    }
  })
}
