import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import type { PaymentRow } from '../../db/repositories/payment-repository.js'
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

export const SEARCH_COLUMNS = [
  'id', 'order_id', 'status', 'currency', 'network', 'source', 'pay_address', 'amount_requested', 'amount_with_cents',
  'amount_received', 'fiat_amount', 'fiat_currency', 'tx_hash', 'confirmations', 'test_mode', 'expires_at', 'confirmed_at', 'created_at',
] as const satisfies readonly (keyof PaymentRow)[]

export type PaymentListRow = Pick<PaymentRow, (typeof SEARCH_COLUMNS)[number]>

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
  deps: PaymentEngineDeps,
  storeId: string,
  f: PaymentFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: PaymentListRow[]; total: number }> {
  let base = deps.db.selectFrom('payments').where('store_id', '=', storeId)
  if (f.status) base = base.where('status', '=', f.status)
  if (f.currency) base = base.where('currency', '=', f.currency)
  if (f.from) base = base.where('created_at', '>=', Date.parse(`${f.from}T00:00:00Z`))
  if (f.to) base = base.where('created_at', '<', Date.parse(`${f.to}T00:00:00Z`) + DAY_MS)
  if (f.q) {
    const terms = [...new Set([f.q, f.q.toLowerCase()])]
    base = base.where((eb) =>
      eb.or([
        eb('id', 'in', terms),
        eb('order_id', 'in', terms),
        eb('pay_address', 'in', terms),
        eb('tx_hash', 'in', terms),
        eb.exists(
          eb.selectFrom('chain_transfers').select('chain_transfers.id')
            .whereRef('chain_transfers.payment_id', '=', 'payments.id').where('chain_transfers.tx_hash', 'in', terms),
        ),
      ]),
    )
  }
  const [rows, count] = await Promise.all([
    base.select(SEARCH_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
