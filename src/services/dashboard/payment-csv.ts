import type { Payment } from '../../domain/payments/payment.js'
import { currencyInfo, formatAmount, isCurrencyCode } from '../../money/index.js'

/** The columns of the payments export, in order. */
export const PAYMENT_CSV_HEADER = [
  'payment_id',
  'order_id',
  'status',
  'currency',
  'amount',
  'amount_with_cents',
  'amount_received',
  'fiat_amount',
  'fiat_currency',
  'address',
  'tx_hash',
  'confirmations',
  'source',
  'test_mode',
  'created_at',
  'expires_at',
  'confirmed_at',
]

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return before
 * one) gets a leading apostrophe (OWASP "CSV injection"): an order id or a donor's text comes
 * from strangers. Amounts never start that way, being non-negative decimal strings.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}

function decimal(atomic: bigint | null, currency: string): string {
  if (atomic === null) return ''
  return isCurrencyCode(currency) ? formatAmount(atomic, currencyInfo(currency).decimals) : atomic.toString()
}

function iso(ms: number | null): string {
  return ms === null ? '' : new Date(Number(ms)).toISOString()
}

/** A payment as a CSV line: amounts as decimal strings of the currency, times as ISO 8601 UTC. */
export function paymentCsvLine(p: Payment): string {
  return csvLine([
    p.id,
    p.orderId ?? '',
    p.status,
    p.currency,
    decimal(p.amountRequested, p.currency),
    decimal(p.amountWithCents, p.currency),
    decimal(p.amountReceived, p.currency),
    p.fiatAmount ?? '',
    p.fiatCurrency ?? '',
    p.payAddress,
    p.txHash ?? '',
    String(p.confirmations),
    p.source,
    p.testMode ? 'true' : 'false',
    iso(p.createdAt),
    iso(p.expiresAt),
    iso(p.confirmedAt),
  ])
}
