import { uuidV7 } from '../../db/uuid-v7.js'
import type { Kysely } from 'kysely'
import { preparedInsert } from '../../db/prepared-query.js'
import type { Database } from '../../db/schema.js'
import type { FiatAmount } from '../../domain/payments/payment-request.js'
import type { Store } from '../../domain/stores/store.js'
import { CurrencyNotAcceptedError, PublicSlotsBusyError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { PaymentRow } from './create-payment.js'
import { deriveDepositAddress, sharedDepositAddress, takeUniqueAmount } from './deposit-allocation.js'
import { PUBLIC_PAYMENTS } from './public-payments.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export interface OpenPaymentParams {
  currency: CurrencyCode
  amount: bigint
  orderId: string | null
  metadata: string | null
  fiat: FiatAmount | null
  source: string
  now: number
}

/** The create path's widest statement (25 columns), compiled once (db/prepared-query.ts). */
const insertPayment = preparedInsert('payments', [
  'id', 'store_id', 'order_id', 'status', 'currency', 'network', 'strategy', 'pay_address', 'amount_requested',
  'amount_with_cents', 'amount_received', 'fiat_amount', 'fiat_currency', 'metadata', 'source', 'tx_hash',
  'confirmations', 'test_mode', 'expires_at', 'confirmed_at', 'created_at', 'updated_at', 'ledger_pending',
  'ledger_credited', 'ledger_fee',
] satisfies (keyof PaymentRow)[])

/**
 * Writes a new payment with its deposit address: a fresh one (unique_address), or the store's
 * shared one plus a unique amount (unique_amount), `queued` when no amount is free.
 * Runs inside the caller's transaction.
 */
export async function openPayment(
  deps: PaymentEngineDeps,
  trx: Kysely<Database>,
  store: Store,
  p: OpenPaymentParams,
): Promise<PaymentRow> {
  const setting = store.currencies.find((c) => c.code === p.currency)
  const adapter = deps.chains.forCurrency(store.mode, p.currency)
  if (!setting || !adapter) throw new CurrencyNotAcceptedError(p.currency, store.currencies.map((c) => c.code))
  const id = uuidV7(p.now)
  let address: string
  let amountWithCents: bigint | null
  if (setting.strategy === 'unique_address') {
    address = await deriveDepositAddress(deps.db, trx, adapter, store.id, id, p.now)
    amountWithCents = p.amount
  } else {
    address = await sharedDepositAddress(deps.db, trx, adapter, store.id, p.now)
    if (PUBLIC_SOURCES.has(p.source)) await checkPublicSlotBudget(trx, store.id, deps.publicAmountSlots ?? deps.uniqueAmountSlots)
    amountWithCents = await takeUniqueAmount(trx, p.currency, address, p.amount, id, deps.uniqueAmountSlots)
  }
  const row: PaymentRow = {
    id,
    store_id: store.id,
    order_id: p.orderId,
    status: amountWithCents === null ? 'queued' : 'pending',
    currency: p.currency,
    network: adapter.network,
    strategy: setting.strategy,
    pay_address: address,
    amount_requested: p.amount.toString(),
    amount_with_cents: amountWithCents === null ? null : amountWithCents.toString(),
    amount_received: '0',
    fiat_amount: p.fiat?.text ?? null,
    fiat_currency: p.fiat?.currency ?? null,
    metadata: p.metadata,
    source: p.source,
    tx_hash: null,
    confirmations: 0,
    test_mode: adapter.testMode ? 1 : 0,
    // A queued payment waits at most one expiry period for a slot, then expires unpaid.
    expires_at: p.now + store.expiryMinutes * 60_000,
    confirmed_at: null,
    created_at: p.now,
    updated_at: p.now,
    ledger_pending: '0',
    ledger_credited: '0',
    ledger_fee: '0',
  }
  await insertPayment(deps.db, trx, row)
  return row
}

/** Sources of payments made through public endpoints (no secret): they share a slot budget. */
const PUBLIC_SOURCES = new Set(['widget', 'donation'])

/**
 * A public payment is refused, not queued, once the store's public payments hold `budget`
 * unique amounts: so with the default 20 of 99 slots a flood of widget or donation requests
 * leaves the Merchant API at least 79 amounts for any base (DESIGN.md). Counted inside the
 * creating transaction; SQLite's single writer makes it exact, on PostgreSQL concurrent
 * creations may overshoot by the number in flight.
 */
async function checkPublicSlotBudget(trx: Kysely<Database>, storeId: string, budget: number): Promise<void> {
  const row = await trx
    .selectFrom('amount_slots')
    .innerJoin('payments', 'payments.id', 'amount_slots.payment_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('payments.store_id', '=', storeId)
    .where('payments.source', 'in', [...PUBLIC_SOURCES])
    .where(PUBLIC_PAYMENTS)
    .executeTakeFirstOrThrow()
  if (Number(row.n) >= budget) throw new PublicSlotsBusyError()
}
