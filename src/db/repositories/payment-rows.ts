import type { Selectable } from 'kysely'
import type { Payment, PaymentSource, PaymentSummary } from '../../domain/payments/payment.js'
import { paymentDue } from '../../domain/payments/payment.js'
import type { PaymentResolution, ResolutionKind } from '../../domain/payments/payment-resolution.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import type { AddressStrategy, CurrencyCode, FiatCode } from '../../money/index.js'
import type { PaymentsTable } from '../schema.js'

/** A stored payment, as the `payments` table holds it: it stops at the repositories, which hand out `Payment`. */
export type PaymentRow = Selectable<PaymentsTable>

/**
 * The columns the Merchant API reports (status and list). Reading only these, not the whole
 * row, matters on the hottest read: every column becomes a JS string (profiled: a third of
 * the SQLite time of a status request).
 */
export const SUMMARY_COLUMNS = [
  'id',
  'order_id',
  'status',
  'amount_requested',
  'amount_with_cents',
  'amount_received',
  'currency',
  'pay_address',
  'tx_hash',
  'confirmations',
  'confirmed_at',
  'expires_at',
  'created_at',
  'test_mode',
] as const satisfies readonly (keyof PaymentRow)[]

export type PaymentSummaryRow = Pick<PaymentRow, (typeof SUMMARY_COLUMNS)[number]>

/** The fields the status and list reads load (SUMMARY_COLUMNS); `toPayment` adds the rest. */
export function toPaymentSummary(row: PaymentSummaryRow): PaymentSummary {
  const amountRequested = BigInt(row.amount_requested)
  const amountWithCents = row.amount_with_cents === null ? null : BigInt(row.amount_with_cents)
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status as PaymentStatus,
    currency: row.currency as CurrencyCode,
    payAddress: row.pay_address,
    amountRequested,
    amountWithCents,
    due: paymentDue(amountRequested, amountWithCents),
    amountReceived: BigInt(row.amount_received),
    txHash: row.tx_hash,
    confirmations: row.confirmations,
    testMode: row.test_mode === 1,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    createdAt: row.created_at,
  }
}

/** The one place a stored payment becomes a domain `Payment`: the casts are checked by the schema's CHECKs and writers. */
export function toPayment(row: PaymentRow): Payment {
  return {
    ...toPaymentSummary(row),
    storeId: row.store_id,
    network: row.network,
    strategy: row.strategy as AddressStrategy,
    fiatAmount: row.fiat_amount,
    fiatCurrency: row.fiat_currency,
    rate: row.rate_fiat !== null && row.rate_price !== null ? { fiat: row.rate_fiat as FiatCode, price: row.rate_price } : null,
    metadata: row.metadata,
    source: row.source as PaymentSource,
    updatedAt: row.updated_at,
    ledger: { pending: BigInt(row.ledger_pending), credited: BigInt(row.ledger_credited), fee: BigInt(row.ledger_fee) },
    redirectUrl: row.redirect_url,
    resolution: toResolution(row),
  }
}

type ResolutionColumns = Pick<PaymentRow, 'resolution_kind' | 'resolution_reason' | 'resolved_by' | 'resolved_at' | 'resolved_from'>

function toResolution(row: ResolutionColumns): PaymentResolution | null {
  if (row.resolution_kind === null) return null
  return {
    kind: row.resolution_kind as ResolutionKind,
    reason: row.resolution_reason ?? '',
    by: row.resolved_by ?? '',
    at: Number(row.resolved_at),
    from: row.resolved_from as PaymentStatus,
  }
}

/** The columns a resolution is stored in (migration 013); all null while unresolved. */
export function toResolutionColumns(r: PaymentResolution | null): ResolutionColumns {
  return {
    resolution_kind: r?.kind ?? null,
    resolution_reason: r?.reason ?? null,
    resolved_by: r?.by ?? null,
    resolved_at: r?.at ?? null,
    resolved_from: r?.from ?? null,
  }
}

/** The row a new payment is written as: `toPayment` backwards (`due` is derived, not stored). */
export function toPaymentRow(p: Payment): PaymentRow {
  return {
    id: p.id,
    store_id: p.storeId,
    order_id: p.orderId,
    status: p.status,
    currency: p.currency,
    network: p.network,
    strategy: p.strategy,
    pay_address: p.payAddress,
    amount_requested: p.amountRequested.toString(),
    amount_with_cents: p.amountWithCents === null ? null : p.amountWithCents.toString(),
    amount_received: p.amountReceived.toString(),
    fiat_amount: p.fiatAmount,
    fiat_currency: p.fiatCurrency,
    rate_fiat: p.rate?.fiat ?? null,
    rate_price: p.rate?.price ?? null,
    metadata: p.metadata,
    source: p.source,
    tx_hash: p.txHash,
    confirmations: p.confirmations,
    test_mode: p.testMode ? 1 : 0,
    expires_at: p.expiresAt,
    confirmed_at: p.confirmedAt,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    ledger_pending: p.ledger.pending.toString(),
    ledger_credited: p.ledger.credited.toString(),
    ledger_fee: p.ledger.fee.toString(),
    redirect_url: p.redirectUrl,
    ...toResolutionColumns(p.resolution),
  }
}

/** What deciding where a transfer goes, or whether a deposit may be assigned, reads of a payment. */
export type PaymentBrief = Pick<Payment, 'id' | 'storeId' | 'status' | 'currency' | 'expiresAt'>

export function toPaymentBrief(row: Pick<PaymentRow, 'id' | 'store_id' | 'status' | 'currency' | 'expires_at'>): PaymentBrief {
  return {
    id: row.id,
    storeId: row.store_id,
    status: row.status as PaymentStatus,
    currency: row.currency as CurrencyCode,
    expiresAt: row.expires_at,
  }
}
