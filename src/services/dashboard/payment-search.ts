import type { PaymentSearch } from '../../db/repositories/payment-repository.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { Payment } from '../../domain/payments/payment.js'
import { isPaymentStatus } from '../../domain/payments/payment-status.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import { isCurrencyCode } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { StoreSettingsError } from '../../domain/stores/store.js'

const DAY_MS = 86_400_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The dashboard's payment filters, as read from a query string; every field optional. */
export interface PaymentFilter {
  status?: PaymentStatus | undefined
  currency?: CurrencyCode | undefined
  /** UTC days 'YYYY-MM-DD', both included. */
  from?: string | undefined
  to?: string | undefined
  /** A payment id, order id, deposit address or transaction hash, matched exactly. */
  q?: string | undefined
}

/**
 * Reads the filter from query parameters. Unknown statuses and currencies are refused with a
 * message rather than ignored: a list silently showing everything would mislead.
 */
export function parsePaymentFilter(query: Record<string, unknown>): PaymentFilter {
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '')
  const f: PaymentFilter = {}
  const status = text('status')
  if (status) {
    if (!isPaymentStatus(status)) throw new StoreSettingsError(`unknown status "${status}"`)
    f.status = status
  }
  const currency = text('currency')
  if (currency) {
    if (!isCurrencyCode(currency)) throw new StoreSettingsError(`unknown currency "${currency}"`)
    f.currency = currency
  }
  for (const k of ['from', 'to'] as const) {
    const d = text(k)
    if (!d) continue
    if (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new StoreSettingsError(`"${k}" must be a date like 2026-01-31`)
    f[k] = d
  }
  const q = text('q')
  // A NUL would make PostgreSQL refuse the query: no id, address or hash holds a control character.
  if (/[\u0000-\u001f\u007f]/.test(q)) throw new StoreSettingsError('the search text must not contain control characters')
  if (q) f.q = q.slice(0, 200)
  return f
}

/** The filter back as query parameters, for pagination links and the CSV link. */
export function filterQuery(f: PaymentFilter): URLSearchParams {
  const p = new URLSearchParams()
  for (const k of ['status', 'currency', 'from', 'to', 'q'] as const) if (f[k]) p.set(k, f[k] as string)
  return p
}

/**
 * The store's payments matching `f`, newest first. The search is exact (an index can serve it
 * and a partial tx hash is never what someone pastes); EVM addresses and hashes are also tried
 * lower-cased, as people paste them in checksum case. A transaction hash is looked up among the
 * payment's transfers too, not only the first one stored on the payment.
 */
export async function searchPayments(
  repos: Repositories,
  storeId: string,
  f: PaymentFilter,
  page: { limit: number; offset: number },
): Promise<{ payments: Payment[]; total: number }> {
  return repos.payments.search(storeId, toPaymentSearch(f), page)
}

/** The filter as the repository's search: UTC days to epoch ms, the term also lower-cased. */
export function toPaymentSearch(f: PaymentFilter): PaymentSearch {
  return {
    status: f.status,
    currency: f.currency,
    createdFrom: f.from ? Date.parse(`${f.from}T00:00:00Z`) : undefined,
    createdBefore: f.to ? Date.parse(`${f.to}T00:00:00Z`) + DAY_MS : undefined,
    terms: f.q ? [...new Set([f.q, f.q.toLowerCase()])] : undefined,
  }
}
