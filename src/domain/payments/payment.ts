import type { AddressStrategy, CurrencyCode } from '../../money/index.js'
import type { PaymentRate } from './payment-rate.js'
import type { PaymentResolution } from './payment-resolution.js'
import type { PaymentStatus } from './payment-status.js'

/** Where a payment was made: the Merchant API, a selection page, the pay widget, a donation, a payment link. */
export type PaymentSource = 'api' | 'selection' | 'widget' | 'donation' | 'link'

/**
 * A payment as the rest of Kassa sees it: amounts in atomic units, a typed status, and `due`
 * computed once. The repository (db/repositories/payment-repository.ts) turns rows into this;
 * presenters, pages and the CLI format it.
 */
export interface Payment {
  id: string
  storeId: string
  orderId: string | null
  status: PaymentStatus
  currency: CurrencyCode
  network: string
  strategy: AddressStrategy
  payAddress: string
  amountRequested: bigint
  /** The unique amount to send on a shared address; null for unique addresses and while queued. */
  amountWithCents: bigint | null
  /** What the buyer must send in all: the unique amount where there is one, else the amount requested. */
  due: bigint
  amountReceived: bigint
  /** Exact decimal text of the fiat amount the payment was created from, if any. */
  fiatAmount: string | null
  fiatCurrency: string | null
  /** The rate at creation (payment-rate.ts); null on payments made before it was kept or without one. */
  rate: PaymentRate | null
  /** The merchant's metadata object as JSON text, exactly as stored. */
  metadata: string | null
  source: PaymentSource
  txHash: string | null
  confirmations: number
  testMode: boolean
  expiresAt: number
  confirmedAt: number | null
  createdAt: number
  updatedAt: number
  /** What the ledger holds for this payment now; reconciliation posts the difference. */
  ledger: PaymentLedgerPosition
  /** Where the final page's "Back to the store" link goes; null: the store's default, if any (redirect_url). */
  redirectUrl: string | null
  /** The merchant's mark as paid / mark invalid, which decides the status from then on; null while unresolved. */
  resolution: PaymentResolution | null
}

export interface PaymentLedgerPosition {
  pending: bigint
  credited: bigint
  fee: bigint
}

/** The fields the Merchant API reports (status and list): the hot read loads only these. */
export type PaymentSummary = Pick<
  Payment,
  | 'id'
  | 'orderId'
  | 'status'
  | 'amountRequested'
  | 'amountWithCents'
  | 'due'
  | 'amountReceived'
  | 'currency'
  | 'payAddress'
  | 'txHash'
  | 'confirmations'
  | 'confirmedAt'
  | 'expiresAt'
  | 'createdAt'
  | 'testMode'
>

/** The amount a buyer must send: with cents for unique amounts, as requested otherwise. */
export function paymentDue(amountRequested: bigint, amountWithCents: bigint | null): bigint {
  return amountWithCents ?? amountRequested
}

/** What is still to send; 0 once the payment has received its due or more. */
export function remainingDue(p: Pick<Payment, 'due' | 'amountReceived'>): bigint {
  return p.due > p.amountReceived ? p.due - p.amountReceived : 0n
}
