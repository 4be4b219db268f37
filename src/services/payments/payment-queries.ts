import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import type { Payment, PaymentSummary } from '../../domain/payments/payment.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import type { Store } from '../../domain/stores/store.js'
import { PaymentNotFoundError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A store sees only its own payments: another store's id answers 404, as an unknown one does. */
export async function getPayment(deps: PaymentEngineDeps, storeId: string, paymentId: string): Promise<PaymentSummary> {
  // Not a UUID, not one of ours: and PostgreSQL would refuse some strings (a NUL) outright.
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const payment = await deps.repos.payments.summary(storeId, paymentId)
  if (!payment) throw new PaymentNotFoundError(paymentId)
  return payment
}

/**
 * Any payment by id, for the buyer's pages and test-mode simulation: the id itself, a UUID
 * nobody can guess, is the capability. The merchant API uses `getPayment`, scoped to a store.
 */
export async function findPayment(deps: PaymentEngineDeps, paymentId: string): Promise<Payment> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const payment = await deps.repos.payments.byId(paymentId)
  if (!payment) throw new PaymentNotFoundError(paymentId)
  return payment
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
): Promise<{ payments: PaymentSummary[]; total: number }> {
  return deps.repos.payments.list(storeId, { status: p.status, currency: p.currency, limit: p.perPage, offset: (p.page - 1) * p.perPage })
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
  const balances = await deps.repos.ledger.balances(accounts)
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
