import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { utcDay } from './store-figures.js'

const DAY_MS = 86_400_000

export interface WebhookDay {
  /** UTC day, YYYY-MM-DD. */
  day: string
  delivered: number
  failed: number
}

export interface OperatorOverview {
  accounts: number
  stores: number
  storesDisabled: number
  paymentsOpen: number
  payoutsInFlight: number
  payoutsFailed: number
  unmatchedDeposits: number
  webhookDays: WebhookDay[]
}

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/**
 * Webhook attempts per UTC day of the last `days` (today included): a 2xx answer counts as
 * delivered, anything else (another status, no answer) as failed. Grouped in SQL by whole days
 * since the epoch (integer division on both dialects), so the read stays one row per day.
 */
export async function webhookDays(db: Kysely<Database>, now: number, days = 14): Promise<WebhookDay[]> {
  const firstDay = Math.floor(now / DAY_MS) - (days - 1)
  const rows = await db
    .selectFrom('webhook_attempts')
    .select([
      sql<number>`attempted_at / ${sql.lit(DAY_MS)}`.as('d'),
      sql<number>`sum(case when status_code >= 200 and status_code < 300 then 1 else 0 end)`.as('ok'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('attempted_at', '>=', firstDay * DAY_MS)
    .groupBy(sql`attempted_at / ${sql.lit(DAY_MS)}`)
    .execute()
  const byDay = new Map(rows.map((r) => [Number(r.d), { ok: Number(r.ok), n: Number(r.n) }]))
  return Array.from({ length: days }, (_, i) => {
    const d = firstDay + i
    const r = byDay.get(d) ?? { ok: 0, n: 0 }
    return { day: utcDay(d * DAY_MS), delivered: r.ok, failed: r.n - r.ok }
  })
}

/** The figures of the operator's overview: what needs a look (failures, unmatched money) first. */
export async function operatorOverview(db: Kysely<Database>, now: number): Promise<OperatorOverview> {
  const [accounts, stores, storesDisabled, paymentsOpen, payoutsInFlight, payoutsFailed, unmatchedDeposits, days] = await Promise.all([
    count(db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n'))),
    count(db.selectFrom('stores').select((eb) => eb.fn.countAll<number>().as('n'))),
    count(db.selectFrom('stores').select((eb) => eb.fn.countAll<number>().as('n')).where('enabled', '=', 0)),
    count(db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'queued', 'confirming'])),
    count(db.selectFrom('payouts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'signed', 'broadcast'])),
    count(db.selectFrom('payouts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'failed')),
    count(db.selectFrom('chain_transfers').select((eb) => eb.fn.countAll<number>().as('n')).where('unmatched', '=', 1).where('orphaned', '=', 0)),
    webhookDays(db, now),
  ])
  return { accounts, stores, storesDisabled, paymentsOpen, payoutsInFlight, payoutsFailed, unmatchedDeposits, webhookDays: days }
}
