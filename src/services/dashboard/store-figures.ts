import type { Repositories } from '../../db/repositories/repositories.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import { isCurrencyCode } from '../../money/index.js'
import type { FiatCode } from '../../money/index.js'
import { addFiatValues, fiatValue } from '../../rates/fiat-value.js'
import { RatesError } from '../../rates/index.js'
import type { RateTable } from '../../rates/index.js'

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

/** Received totals in a fiat, for the overview: null where no rate is known (shown as "—"). */
export interface FiatTotals {
  fiat: FiatCode
  /** Per currency of `received`: its value in `fiat`, or null without a price. */
  values: Map<string, string | null>
  /** The sum over every currency, or null when any of them has no price (a partial sum would mislead). */
  total: string | null
}

/**
 * What the store's received totals are worth in `fiat` at today's rates. A rate table that
 * cannot be had (`table` null: provider and fallback down) or lacks an asset's price leaves
 * that figure null; the page never fails for want of a rate.
 */
export function fiatTotals(table: RateTable | null, received: Map<string, bigint>, fiat: FiatCode = 'USD'): FiatTotals {
  const values = new Map<string, string | null>()
  for (const [currency, atomic] of received) {
    let v: string | null = null
    if (table && isCurrencyCode(currency)) {
      try {
        v = fiatValue(table, atomic, currency, fiat)
      } catch (err) {
        if (!(err instanceof RatesError)) throw err
      }
    }
    values.set(currency, v)
  }
  const all = [...values.values()]
  const total = all.length > 0 && all.every((v) => v !== null) ? addFiatValues(all as string[]) : null
  return { fiat, values, total }
}
