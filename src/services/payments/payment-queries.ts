import type { Kysely } from 'kysely'
import { PreparedQuery } from '../../db/prepared-query.js'
import { LedgerRepository } from '../../db/repositories/ledger-repository.js'
import type { Database } from '../../db/schema.js'
import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import type { Store } from '../../domain/stores/store.js'
import { PaymentNotFoundError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { PaymentRow } from './create-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/**
 * The columns the Merchant API reports (status and list). Reading only these, not the whole
 * row, matters on the hottest read: every column becomes a JS string (profiled: a third of
 * the SQLite time of a status request).
 */
export const STATUS_COLUMNS = [
  'id', 'order_id', 'status', 'amount_requested', 'amount_with_cents', 'amount_received', 'currency', 'pay_address',
  'tx_hash', 'confirmations', 'confirmed_at', 'expires_at', 'created_at', 'test_mode',
] as const satisfies readonly (keyof PaymentRow)[]

export type PaymentStatusRow = Pick<PaymentRow, (typeof STATUS_COLUMNS)[number]>

/** The status endpoint's one query, compiled once per database (db/prepared-query.ts). */
const paymentByIdQueries = new WeakMap<Kysely<Database>, PreparedQuery<PaymentStatusRow, [string, string]>>()

export const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A store sees only its own payments: another store's id answers 404, as an unknown one does. */
export async function getPayment(deps: PaymentEngineDeps, storeId: string, paymentId: string): Promise<PaymentStatusRow> {
  // Not a UUID, not one of ours: and PostgreSQL would refuse some strings (a NUL) outright.
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  let q = paymentByIdQueries.get(deps.db)
  if (!q) {
    q = new PreparedQuery(deps.db, 2, (db, id, store) =>
      db.selectFrom('payments').select(STATUS_COLUMNS).where('id', '=', id as string).where('store_id', '=', store as string))
    paymentByIdQueries.set(deps.db, q)
  }
  const row = await q.first(paymentId, storeId)
  if (!row) throw new PaymentNotFoundError(paymentId)
  return row
}

/**
 * Any payment by id, for the buyer's pages and test-mode simulation: the id itself, a UUID
 * nobody can guess, is the capability. The merchant API uses `getPayment`, scoped to a store.
 */
export async function findPayment(deps: PaymentEngineDeps, paymentId: string): Promise<PaymentRow> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const row = await deps.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst()
  if (!row) throw new PaymentNotFoundError(paymentId)
  return row
}

export interface ListPaymentsParams {
  page: number
  perPage: number
  status?: PaymentStatus | undefined
  currency?: CurrencyCode | undefined
}

export async function listPayments(
  deps: PaymentEngineDeps,
  storeId: string,
  p: ListPaymentsParams,
): Promise<{ payments: PaymentStatusRow[]; total: number }> {
  let base = deps.db.selectFrom('payments').where('store_id', '=', storeId)
  if (p.status) base = base.where('status', '=', p.status)
  if (p.currency) base = base.where('currency', '=', p.currency)
  const [rows, count] = await Promise.all([
    base
      .select(STATUS_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(p.perPage)
      .offset((p.page - 1) * p.perPage)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { payments: rows, total: Number(count.n) }
}

export interface CurrencyBalance {
  available: bigint
  pending: bigint
  totalReceived: bigint
  totalWithdrawn: bigint
  totalCommission: bigint
}

/**
 * The balance report, read from the ledger's per-account balances. Lists every currency the
 * store accepts and any other it still holds money in (a currency removed from the store).
 */
export async function storeBalances(deps: PaymentEngineDeps, store: Store): Promise<Map<CurrencyCode, CurrencyBalance>> {
  const a = ledgerAccount
  const accounts = [a.available, a.pending, a.incoming, a.withdrawn, a.commission].map((f) => f(store.id))
  const balances = await new LedgerRepository(deps.db, deps.dialect).balances(accounts)
  const currencies = new Set<CurrencyCode>(store.currencies.map((c) => c.code))
  for (const byCurrency of balances.values()) {
    for (const [c, v] of byCurrency) if (v !== 0n && isCurrencyCode(c)) currencies.add(c)
  }
  const get = (account: string, currency: string) => balances.get(account)?.get(currency) ?? 0n
  const out = new Map<CurrencyCode, CurrencyBalance>()
  for (const c of currencies) {
    out.set(c, {
      available: get(a.available(store.id), c),
      pending: get(a.pending(store.id), c),
      totalReceived: -get(a.incoming(store.id), c),
      totalWithdrawn: get(a.withdrawn(store.id), c),
      totalCommission: get(a.commission(store.id), c),
    })
  }
  return out
}
