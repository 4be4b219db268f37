import type { Repositories } from '../../db/repositories/repositories.js'
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

/**
 * Webhook attempts per UTC day of the last `days` (today included): a 2xx answer counts as
 * delivered, anything else (another status, no answer) as failed. Days without attempts are 0.
 */
export async function webhookDays(repos: Repositories, now: number, days = 14): Promise<WebhookDay[]> {
  const firstDay = Math.floor(now / DAY_MS) - (days - 1)
  const byDay = new Map((await repos.webhooks.attemptsPerDay(firstDay, DAY_MS)).map((r) => [r.day, r]))
  return Array.from({ length: days }, (_, i) => {
    const d = firstDay + i
    const r = byDay.get(d) ?? { delivered: 0, attempts: 0 }
    return { day: utcDay(d * DAY_MS), delivered: r.delivered, failed: r.attempts - r.delivered }
  })
}

/**
 * The figures of the operator's overview: what needs a look (failures, unmatched money) first.
 * Each table's repository counts its own rows.
 */
export async function operatorOverview(repos: Repositories, now: number): Promise<OperatorOverview> {
  const [storeCounts, paymentsOpen, payouts, unmatchedDeposits, days] = await Promise.all([
    repos.stores.counts(),
    repos.payments.countOpen(),
    repos.payouts.overviewCounts(),
    repos.chain.countUnmatched(),
    webhookDays(repos, now),
  ])
  return {
    ...storeCounts,
    paymentsOpen,
    payoutsInFlight: payouts.inFlight,
    payoutsFailed: payouts.failed,
    unmatchedDeposits,
    webhookDays: days,
  }
}
