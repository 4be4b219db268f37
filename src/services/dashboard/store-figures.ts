import type { Repositories } from '../../db/repositories/repositories.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'

const DAY_MS = 86_400_000

/** The figures of a store's overview page; days are UTC calendar days ('YYYY-MM-DD'). */
export interface StoreFigures {
  paymentsToday: number
  paymentsLast7Days: number
  /** The last `days` days, oldest first. */
  days: string[]
  /** Amount received per currency per day (atomic units), aligned with `days`. */
  receivedPerDay: Map<string, bigint[]>
  /** Payments of the same period by status. */
  byStatus: Map<PaymentStatus, number>
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * Reads the store's payments of the last `days` days once and adds them up here, with bigint:
 * summing amount columns in SQL would differ between SQLite (TEXT) and PostgreSQL (NUMERIC),
 * and a day's payments of one store are few enough to add in the process. A payment counts on
 * the day it was created; what it received counts only when it ended in a status that credits
 * the merchant or is still confirming, so an expired part payment does not inflate the chart.
 */
export async function storeFigures(repos: Repositories, storeId: string, now: number, days = 14): Promise<StoreFigures> {
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS
  const from = todayStart - (days - 1) * DAY_MS
  const payments = await repos.payments.figuresSince(storeId, from)
  const dayList = Array.from({ length: days }, (_, i) => utcDay(from + i * DAY_MS))
  const receivedPerDay = new Map<string, bigint[]>()
  const byStatus = new Map<PaymentStatus, number>(PAYMENT_STATUSES.map((s) => [s, 0]))
  let paymentsToday = 0
  let paymentsLast7Days = 0
  for (const { status, currency, amountReceived: received, createdAt } of payments) {
    if (createdAt >= todayStart) paymentsToday++
    if (createdAt >= todayStart - 6 * DAY_MS) paymentsLast7Days++
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
    if (received === 0n || !['confirming', 'completed', 'overpaid', 'underpaid'].includes(status)) continue
    const series = receivedPerDay.get(currency) ?? dayList.map(() => 0n)
    const i = Math.floor((createdAt - from) / DAY_MS)
    series[i] = (series[i] ?? 0n) + received
    receivedPerDay.set(currency, series)
  }
  return { paymentsToday, paymentsLast7Days, days: dayList, receivedPerDay, byStatus }
}
