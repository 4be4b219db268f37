import { currencyInfo, isCurrencyCode, parseAmount } from '../../src/money/index.js'
import { runCli } from '../samples/server-process.js'
import { answered, merchantRequest, operatorRequest } from './campaign-http.js'
import type { CampaignStore, WithdrawalRecord } from './campaign-load.js'
import type { CampaignServer } from './campaign-server.js'

export interface PaymentView {
  store: string
  paymentId: string
  orderId: string | null
  status: string
  currency: string
  amountReceived: bigint
  payAddress: string | null
}

export interface BalanceView {
  store: string
  currency: string
  totalReceived: bigint
  pending: bigint
  totalWithdrawn: bigint
}

export interface DepositView {
  storeId: string
  currency: string
  amount: bigint
  address: string
}

export interface FeedEvent {
  store: string
  eventId: string
  event: string
  paymentId: string
}

export interface PayoutView {
  payoutId: string
  to: string
  amount: bigint | null
  status: string
  txHash: string | null
}

/** What Kassa reports at the end, through its API and CLI, as a merchant and the operator see it. */
export interface Snapshot {
  payments: PaymentView[]
  balances: BalanceView[]
  deposits: DepositView[]
  feed: FeedEvent[]
  /** The payouts of the answered withdrawals, by id (null: the server does not know it). */
  payouts: Map<string, PayoutView | null>
  /** Payouts the newest-first operator list shows unfinished (queued, signed, broadcast). */
  unfinishedPayouts: number
}

export function atomic(text: string, decimals: number): bigint {
  const parsed = parseAmount(String(text), decimals)
  if (!parsed.ok) throw new Error(`not an amount: ${text}`)
  return parsed.atomic
}

function decimalsOf(currency: string): number {
  if (!isCurrencyCode(currency)) throw new Error(`unexpected currency ${currency}`)
  return currencyInfo(currency).decimals
}

export async function readSnapshot(
  server: CampaignServer,
  stores: readonly CampaignStore[],
  operatorToken: string,
  withdrawals: readonly WithdrawalRecord[],
): Promise<Snapshot> {
  const base = server.baseUrl
  const payments: PaymentView[] = []
  const balances: BalanceView[] = []
  const feed: FeedEvent[] = []
  for (const store of stores) {
    for (let page = 1; ; page++) {
      const r = answered(await merchantRequest(base, store, 'GET', `/api/v1/payments?page=${page}&per_page=100`), 'list payments')
      for (const p of r.json.data.payments)
        payments.push({
          store: store.name,
          paymentId: p.payment_id,
          orderId: p.order_id,
          status: p.status,
          currency: p.currency,
          amountReceived: atomic(p.amount_received, decimalsOf(p.currency)),
          payAddress: p.pay_address,
        })
      if (page >= Number(r.json.data.pagination.total_pages)) break
    }
    const b = answered(await merchantRequest(base, store, 'GET', '/api/v1/merchant/balance'), 'balance')
    for (const [currency, v] of Object.entries<any>(b.json.data)) {
      const d = decimalsOf(currency)
      balances.push({
        store: store.name,
        currency,
        totalReceived: atomic(v.total_received, d),
        pending: atomic(v.pending, d),
        totalWithdrawn: atomic(v.total_withdrawn, d),
      })
    }
    for (let after = '0'; ; ) {
      const r = answered(await merchantRequest(base, store, 'GET', `/api/v1/events?after=${after}&limit=300`), 'events feed')
      for (const e of r.json.data.events) feed.push({ store: store.name, eventId: e.event_id, event: e.event, paymentId: e.payment_id })
      if (!r.json.data.has_more) break
      after = r.json.data.next_cursor
    }
  }
  const dep = await runCli(['deposits', 'list', '--json'], server.env)
  if (dep.code !== 0) throw new Error(`kassa deposits list: ${dep.stderr}`)
  const deposits: DepositView[] = JSON.parse(dep.stdout).map((d: any) => ({
    storeId: d.store_id,
    currency: d.currency,
    amount: atomic(d.amount, decimalsOf(d.currency)),
    address: d.address,
  }))
  const payouts = new Map<string, PayoutView | null>()
  for (const w of withdrawals) {
    if (w.payoutId === undefined) continue
    const o = await operatorRequest(base, operatorToken, 'GET', `/payouts/${w.payoutId}`)
    if (o.kind === 'answer' && o.status === 404) {
      payouts.set(w.payoutId, null)
      continue
    }
    const p = answered(o, `payout ${w.payoutId}`).json.data
    payouts.set(w.payoutId, {
      payoutId: p.payout_id,
      to: p.to,
      amount: p.amount === null ? null : atomic(p.amount, decimalsOf(p.currency)),
      status: p.status,
      txHash: p.tx_hash,
    })
  }
  const list = answered(await operatorRequest(base, operatorToken, 'GET', '/payouts?limit=200'), 'payouts').json.data.payouts
  const unfinishedPayouts = list.filter((p: any) => !['confirmed', 'failed'].includes(p.status)).length
  return { payments, balances, deposits, feed, payouts, unfinishedPayouts }
}

/**
 * The parts of a snapshot that must not move between two reads for the checks to compare them:
 * a payment expiring between the payment list and the balance would look like a lost credit.
 */
export function snapshotFingerprint(s: Snapshot): string {
  return JSON.stringify({
    p: s.payments.map((p) => [p.paymentId, p.status, p.amountReceived.toString()]).sort(),
    b: s.balances.map((b) => [b.store, b.currency, b.totalReceived.toString(), b.pending.toString(), b.totalWithdrawn.toString()]),
    d: s.deposits.length,
    f: s.feed.length,
    u: s.unfinishedPayouts,
    o: [...s.payouts.values()].map((p) => p?.status ?? null),
  })
}
