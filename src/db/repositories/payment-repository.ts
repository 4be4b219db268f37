import type { Selectable } from 'kysely'
import type { Payment, PaymentSource, PaymentSummary } from '../../domain/payments/payment.js'
import { paymentDue } from '../../domain/payments/payment.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import type { AddressStrategy, CurrencyCode } from '../../money/index.js'
import type { PaymentsTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

export type PaymentRow = Selectable<PaymentsTable>

/**
 * The columns the Merchant API reports (status and list). Reading only these, not the whole
 * row, matters on the hottest read: every column becomes a JS string (profiled: a third of
 * the SQLite time of a status request).
 */
export const SUMMARY_COLUMNS = [
  'id', 'order_id', 'status', 'amount_requested', 'amount_with_cents', 'amount_received', 'currency', 'pay_address',
  'tx_hash', 'confirmations', 'confirmed_at', 'expires_at', 'created_at', 'test_mode',
] as const satisfies readonly (keyof PaymentRow)[]

export type PaymentSummaryRow = Pick<PaymentRow, (typeof SUMMARY_COLUMNS)[number]>

/** The one place a stored payment becomes a domain `Payment`: the casts are checked by the schema's CHECKs and writers. */
export function toPayment(row: PaymentRow): Payment {
  const amountRequested = BigInt(row.amount_requested)
  const amountWithCents = row.amount_with_cents === null ? null : BigInt(row.amount_with_cents)
  return {
    id: row.id,
    storeId: row.store_id,
    orderId: row.order_id,
    status: row.status as PaymentStatus,
    currency: row.currency as CurrencyCode,
    network: row.network,
    strategy: row.strategy as AddressStrategy,
    payAddress: row.pay_address,
    amountRequested,
    amountWithCents,
    due: paymentDue(amountRequested, amountWithCents),
    amountReceived: BigInt(row.amount_received),
    fiatAmount: row.fiat_amount,
    fiatCurrency: row.fiat_currency,
    metadata: row.metadata,
    source: row.source as PaymentSource,
    txHash: row.tx_hash,
    confirmations: row.confirmations,
    testMode: row.test_mode === 1,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ledger: { pending: BigInt(row.ledger_pending), credited: BigInt(row.ledger_credited), fee: BigInt(row.ledger_fee) },
  }
}

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

/** Payments and their unique-amount slots (`payments`, `amount_slots`). */
export class PaymentRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  // Reads for the dashboard

  /** One payment of one store; another store's payment is not found. */
  async ofStore(storeId: string, id: string): Promise<Payment | undefined> {
    const row = await this.#ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', id)
      .where('store_id', '=', storeId)
      .executeTakeFirst()
    return row && toPayment(row)
  }

  /**
   * The store's payments matching `s`, newest first, and how many match in all. A term is
   * also looked up among the payment's transfers, not only the first hash stored on it.
   */
  async search(
    storeId: string,
    s: PaymentSearch,
    page: { limit: number; offset: number },
  ): Promise<{ payments: Payment[]; total: number }> {
    let base = this.#ctx.db.selectFrom('payments').where('store_id', '=', storeId)
    if (s.status) base = base.where('status', '=', s.status)
    if (s.currency) base = base.where('currency', '=', s.currency)
    if (s.createdFrom !== undefined) base = base.where('created_at', '>=', s.createdFrom)
    if (s.createdBefore !== undefined) base = base.where('created_at', '<', s.createdBefore)
    const terms = s.terms ? [...s.terms] : []
    if (terms.length > 0) {
      base = base.where((eb) =>
        eb.or([
          eb('id', 'in', terms),
          eb('order_id', 'in', terms),
          eb('pay_address', 'in', terms),
          eb('tx_hash', 'in', terms),
          eb.exists(
            eb
              .selectFrom('chain_transfers')
              .select('chain_transfers.id')
              .whereRef('chain_transfers.payment_id', '=', 'payments.id')
              .where('chain_transfers.tx_hash', 'in', terms),
          ),
        ]),
      )
    }
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { payments: rows.map(toPayment), total: Number(count.n) }
  }

  /** The store's payments created at or after `from`, only what its overview adds up. */
  async figuresSince(storeId: string, from: number): Promise<PaymentFigure[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select(['status', 'currency', 'amount_received', 'created_at'])
      .where('store_id', '=', storeId)
      .where('created_at', '>=', from)
      .execute()
    return rows.map((r) => ({
      status: r.status as PaymentStatus,
      currency: r.currency as CurrencyCode,
      amountReceived: BigInt(r.amount_received),
      createdAt: Number(r.created_at),
    }))
  }

  /** Payments still waiting for money or confirmations, for the operator's overview. */
  async countOpen(): Promise<number> {
    const r = await this.#ctx.db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'queued', 'confirming'])
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }
}

/** What the dashboard's payment list filters on; every field optional. */
export interface PaymentSearch {
  status?: PaymentStatus | undefined
  currency?: CurrencyCode | undefined
  /** Created at or after (epoch ms). */
  createdFrom?: number | undefined
  /** Created before (epoch ms). */
  createdBefore?: number | undefined
  /** Texts matched exactly against the id, order id, address, and any transfer's hash. */
  terms?: readonly string[] | undefined
}

/** What a store's overview adds up about one payment. */
export type PaymentFigure = Pick<Payment, 'status' | 'currency' | 'amountReceived' | 'createdAt'>
