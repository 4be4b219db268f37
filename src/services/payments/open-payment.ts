import type { Repositories } from '../../db/repositories/repositories.js'
import { uuidV7 } from '../../db/uuid-v7.js'
import type { Payment, PaymentSource } from '../../domain/payments/payment.js'
import { paymentDue } from '../../domain/payments/payment.js'
import type { PaymentRate } from '../../domain/payments/payment-rate.js'
import type { FiatAmount } from '../../domain/payments/payment-request.js'
import type { Store } from '../../domain/stores/store.js'
import { CurrencyNotAcceptedError, PublicSlotsBusyError } from '../../errors/index.js'
import type { CurrencyCode } from '../../money/index.js'
import { deriveDepositAddress, sharedDepositAddress, takeUniqueAmount } from './deposit-allocation.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export interface OpenPaymentParams {
  currency: CurrencyCode
  amount: bigint
  orderId: string | null
  metadata: string | null
  fiat: FiatAmount | null
  /** The rate at creation (ratedAt in payment-rate-at.ts); absent or null: none recorded. */
  rate?: PaymentRate | null
  source: PaymentSource
  /** Checked by the caller (redirect-url.ts); null or left out for the store's default. */
  redirectUrl?: string | null
  now: number
}

/**
 * Writes a new payment with its deposit address: a fresh one (unique_address), or the store's
 * shared one plus a unique amount (unique_amount), `queued` when no amount is free.
 * Runs inside the caller's unit of work `tx`.
 */
export async function openPayment(deps: PaymentEngineDeps, tx: Repositories, store: Store, p: OpenPaymentParams): Promise<Payment> {
  const setting = store.currencies.find((c) => c.code === p.currency)
  const adapter = deps.chains.forCurrency(store.mode, p.currency)
  if (!setting || !adapter)
    throw new CurrencyNotAcceptedError(
      p.currency,
      store.currencies.map((c) => c.code),
    )
  const id = uuidV7(p.now)
  let address: string
  let amountWithCents: bigint | null
  if (setting.strategy === 'unique_address') {
    address = await deriveDepositAddress(tx, adapter, store.id, id, p.now)
    amountWithCents = p.amount
  } else {
    address = await sharedDepositAddress(tx, adapter, store.id, p.now)
    if (PUBLIC_SOURCES.includes(p.source)) await checkPublicSlotBudget(tx, store.id, deps.publicAmountSlots ?? deps.uniqueAmountSlots)
    amountWithCents = await takeUniqueAmount(tx, p.currency, address, p.amount, id, deps.uniqueAmountSlots)
  }
  const payment: Payment = {
    id,
    storeId: store.id,
    orderId: p.orderId,
    status: amountWithCents === null ? 'queued' : 'pending',
    currency: p.currency,
    network: adapter.network,
    strategy: setting.strategy,
    payAddress: address,
    amountRequested: p.amount,
    amountWithCents,
    due: paymentDue(p.amount, amountWithCents),
    amountReceived: 0n,
    fiatAmount: p.fiat?.text ?? null,
    fiatCurrency: p.fiat?.currency ?? null,
    rate: p.rate ?? null,
    metadata: p.metadata,
    source: p.source,
    txHash: null,
    confirmations: 0,
    testMode: adapter.testMode,
    // A queued payment waits at most one expiry period for a slot, then expires unpaid.
    expiresAt: p.now + store.expiryMinutes * 60_000,
    confirmedAt: null,
    createdAt: p.now,
    updatedAt: p.now,
    ledger: { pending: 0n, credited: 0n, fee: 0n },
    redirectUrl: p.redirectUrl ?? null,
    resolution: null,
  }
  await tx.payments.insert(payment)
  return payment
}

/** Sources of payments made through public endpoints (no secret): they share a slot budget. */
const PUBLIC_SOURCES: readonly PaymentSource[] = ['widget', 'donation', 'link']

/**
 * A public payment is refused, not queued, once the store's public payments hold `budget`
 * unique amounts: so with the default 20 of 99 slots a flood of widget or donation requests
 * leaves the Merchant API at least 79 amounts for any base (DESIGN.md). Counted inside the
 * creating transaction; SQLite's single writer makes it exact, on PostgreSQL concurrent
 * creations may overshoot by the number in flight.
 */
async function checkPublicSlotBudget(tx: Repositories, storeId: string, budget: number): Promise<void> {
  if ((await tx.payments.amountsHeldBy(storeId, PUBLIC_SOURCES)) >= budget) throw new PublicSlotsBusyError()
}
