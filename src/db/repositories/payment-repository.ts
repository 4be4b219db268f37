import { sql } from 'kysely'
import type { Payment, PaymentSource, PaymentSummary } from '../../domain/payments/payment.js'
import type { PaymentResolution } from '../../domain/payments/payment-resolution.js'
import type { PaymentStatus } from '../../domain/payments/payment-status.js'
import type { CurrencyCode } from '../../money/index.js'
import { preparedInsert } from '../prepared-query.js'
import { SUMMARY_COLUMNS, toPayment, toPaymentBrief, toPaymentRow, toPaymentSummary, toResolutionColumns } from './payment-rows.js'
import type { PaymentBrief, PaymentRow, PaymentSummaryRow } from './payment-rows.js'
import { preparedFor, readPrepared } from './prepared-statements.js'
import type { PreparedCache } from './prepared-statements.js'
import type { RepositoryContext } from './repository-context.js'

// The row and its mapping live in payment-rows.ts; exported here too, beside their owner.
export { SUMMARY_COLUMNS, toPayment, toPaymentSummary } from './payment-rows.js'
export type { PaymentBrief, PaymentRow, PaymentSummaryRow } from './payment-rows.js'

/** What reconciliation writes: the new status and time, and whichever facts changed with them. */
export type PaymentStateChange = Pick<Payment, 'status' | 'updatedAt'> &
  Partial<Pick<Payment, 'amountReceived' | 'confirmations' | 'txHash' | 'confirmedAt' | 'ledger'>>

/** A payment waiting for a unique amount at a shared address. */
export type QueuedPayment = Pick<Payment, 'id' | 'storeId' | 'amountRequested'>

/** A payment holding a unique amount at a shared address; `due` is that amount. */
export type SlotHolder = Pick<Payment, 'id' | 'status' | 'expiresAt' | 'due' | 'amountReceived'>

/** A payment at a shared address that stopped waiting; `due` is what its buyer was shown. */
export type ClosedAtAddress = Pick<Payment, 'id' | 'status' | 'due'>

export interface PaymentListFilter {
  status?: PaymentStatus | undefined
  currency?: CurrencyCode | undefined
  limit: number
  offset: number
}

/**
 * `payments.source <> 'api'` as a literal: the condition of the partial index
 * payments_store_source (migration 003). A bound parameter would not let the planner prove
 * that a query only reads rows the index holds.
 */
const PUBLIC_PAYMENTS = sql<boolean>`payments.source <> 'api'`

/** The create path's widest statement (28 columns), compiled once (db/prepared-query.ts). */
const insertPayment = preparedInsert('payments', [
  'id',
  'store_id',
  'order_id',
  'status',
  'currency',
  'network',
  'strategy',
  'pay_address',
  'amount_requested',
  'amount_with_cents',
  'amount_received',
  'fiat_amount',
  'fiat_currency',
  'rate_fiat',
  'rate_price',
  'metadata',
  'source',
  'tx_hash',
  'confirmations',
  'test_mode',
  'expires_at',
  'confirmed_at',
  'created_at',
  'updated_at',
  'ledger_pending',
  'ledger_credited',
  'ledger_fee',
  'redirect_url',
] satisfies (keyof PaymentRow)[])

/** The status endpoint's one query. */
const summaryQueries: PreparedCache<PaymentSummaryRow, [string, string]> = new WeakMap()
// The buyer's payment page and its status polls read the whole row by id.
const byIdQueries: PreparedCache<PaymentRow, [string]> = new WeakMap()
// A unique-amount create looks up its candidates and claims one: compiled once.
const heldInRangeQueries: PreparedCache<{ amount: string }, [string, string, number, string, string]> = new WeakMap()
const claimAmountQueries: PreparedCache<never, [string, string, number, string, string]> = new WeakMap()

/** An amount as `amount_slots` keys it: its digit count, then its text (migration 019). */
function slotKey(amount: bigint): { digits: number; text: string } {
  const text = amount.toString()
  return { digits: text.length, text }
}

/** Payments and their unique-amount slots (`payments`, `amount_slots`). */
export class PaymentRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /** A store's payment as the Merchant API reports it; another store's id reads as unknown. */
  async summary(storeId: string, id: string): Promise<PaymentSummary | undefined> {
    const q = preparedFor(summaryQueries, this.#ctx, 2, (db, pid, store) =>
      db
        .selectFrom('payments')
        .select(SUMMARY_COLUMNS)
        .where('id', '=', pid as string)
        .where('store_id', '=', store as string),
    )
    const [row] = await readPrepared(this.#ctx, q, id, storeId)
    return row === undefined ? undefined : toPaymentSummary(row)
  }

  async byId(id: string): Promise<Payment | undefined> {
    const q = preparedFor(byIdQueries, this.#ctx, 1, (db, pid) =>
      db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', pid as string),
    )
    const [row] = await readPrepared(this.#ctx, q, id)
    return row === undefined ? undefined : toPayment(row)
  }

  /** The payment, locked until the transaction ends where the dialect has row locks (SQLite's single writer serialises anyway). */
  async byIdForUpdate(id: string): Promise<Payment | undefined> {
    let query = this.#ctx.db.selectFrom('payments').selectAll().where('id', '=', id)
    if (this.#ctx.dialect.supportsForUpdate) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    return row === undefined ? undefined : toPayment(row)
  }

  async byIds(ids: readonly string[]): Promise<Payment[]> {
    if (ids.length === 0) return []
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute()
    return rows.map(toPayment)
  }

  async brief(id: string): Promise<PaymentBrief | undefined> {
    const row = await this.#ctx.db
      .selectFrom('payments')
      .select(['id', 'store_id', 'status', 'currency', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : toPaymentBrief(row)
  }

  /** A store's payments, newest first, with the number of all that match the filter. */
  async list(storeId: string, f: PaymentListFilter): Promise<{ payments: PaymentSummary[]; total: number }> {
    let base = this.#ctx.db.selectFrom('payments').where('store_id', '=', storeId)
    if (f.status) base = base.where('status', '=', f.status)
    if (f.currency) base = base.where('currency', '=', f.currency)
    const [rows, count] = await Promise.all([
      base.select(SUMMARY_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { payments: rows.map(toPaymentSummary), total: Number(count.n) }
  }

  /** A store's donations, newest first. */
  async donations(storeId: string, limit: number): Promise<Payment[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('source', '=', 'donation')
      .where(PUBLIC_PAYMENTS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toPayment)
  }

  /**
   * The payments a payment link made, newest first: source 'link' (so the partial index
   * payments_store_source serves it) and the link's id in the metadata the link wrote
   * (`{"payment_link_id":"…"}`, JSON.stringify's spacing; ids are UUIDs, no LIKE wildcards).
   */
  async byPaymentLink(storeId: string, linkId: string, limit: number): Promise<Payment[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('source', '=', 'link')
      .where(PUBLIC_PAYMENTS)
      .where('metadata', 'like', `%"payment_link_id":${JSON.stringify(linkId)}%`)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toPayment)
  }

  /** What each of a store's donations in `statuses` received. */
  async donationReceipts(storeId: string, statuses: readonly PaymentStatus[]): Promise<Pick<Payment, 'currency' | 'amountReceived'>[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select(['currency', 'amount_received'])
      .where('store_id', '=', storeId)
      .where('source', '=', 'donation')
      .where('status', 'in', [...statuses])
      .execute()
    return rows.map((r) => ({ currency: r.currency as CurrencyCode, amountReceived: BigInt(r.amount_received) }))
  }

  /** Pending and queued payments whose time is up at `now`, the longest overdue first. */
  async idsDueToExpire(now: number, limit: number): Promise<string[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select('id')
      .where('status', 'in', ['pending', 'queued'])
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute()
    return rows.map((r) => r.id)
  }

  /**
   * Payments on `network` with money still unconfirmed (confirming, a partial or underpaid
   * payment, a top-up), whose depth grows with each block. `ledger_pending > '0'` compares as
   * text on SQLite and as a number on PostgreSQL; both hold for exactly the positive amounts,
   * the rows of the partial index payments_unconfirmed.
   */
  async idsWithUnconfirmedMoney(network: string): Promise<string[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select('id')
      .where('network', '=', network)
      .where(sql.ref('ledger_pending'), '>', sql.lit('0')) // a literal, so the partial index applies
      .execute()
    return rows.map((r) => r.id)
  }

  /** Queued payments at a shared address, oldest first, that have not expired yet. */
  async queuedAt(currency: CurrencyCode, address: string, now: number, limit: number): Promise<QueuedPayment[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select(['id', 'store_id', 'amount_requested'])
      .where('currency', '=', currency)
      .where('pay_address', '=', address)
      .where(sql.ref('status'), '=', sql.lit('queued')) // a literal: the partial index payments_queue
      .where('expires_at', '>', now)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => ({ id: r.id, storeId: r.store_id, amountRequested: BigInt(r.amount_requested) }))
  }

  async insert(p: Payment): Promise<void> {
    await insertPayment(this.#ctx.root, this.#ctx.db, toPaymentRow(p))
  }

  async updateState(id: string, c: PaymentStateChange): Promise<void> {
    await this.#ctx.db
      .updateTable('payments')
      .set({
        status: c.status,
        updated_at: c.updatedAt,
        ...(c.amountReceived !== undefined && { amount_received: c.amountReceived.toString() }),
        ...(c.confirmations !== undefined && { confirmations: c.confirmations }),
        ...(c.txHash !== undefined && { tx_hash: c.txHash }),
        ...(c.confirmedAt !== undefined && { confirmed_at: c.confirmedAt }),
        ...(c.ledger !== undefined && {
          ledger_pending: c.ledger.pending.toString(),
          ledger_credited: c.ledger.credited.toString(),
          ledger_fee: c.ledger.fee.toString(),
        }),
      })
      .where('id', '=', id)
      .execute()
  }

  /**
   * Records a merchant's resolution, once: a payment already resolved is left as it is, and
   * false says so (two tabs, or a form sent twice). Reconciliation then applies it.
   */
  async resolve(id: string, r: PaymentResolution): Promise<boolean> {
    const done = await this.#ctx.db
      .updateTable('payments')
      .set(toResolutionColumns(r))
      .where('id', '=', id)
      .where('resolution_kind', 'is', null)
      .executeTakeFirst()
    return done.numUpdatedRows > 0n
  }

  /** A queued payment got its unique amount: pending from now, with a fresh expiry. */
  async promote(id: string, amountWithCents: bigint, expiresAt: number, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('payments')
      .set({ status: 'pending', amount_with_cents: amountWithCents.toString(), expires_at: expiresAt, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute()
  }

  /**
   * The amounts held at this address from `low` to `high`, both included: a create's
   * candidates (base + 1 … 99 steps) lie there, and it asks only about them, so a held amount
   * in between that is no candidate (another base's, off its grid) does no harm and is not
   * filtered out (a set of the 99 candidates cost ~9 µs per create, profiled).
   * Every slot of a store shares one (currency, address), so the amounts narrow the
   * primary-key scan: one range per digit count (nearly always one), which on both dialects
   * holds exactly the amounts of that width between the ends (migration 019), and is always an
   * index condition. A list was a trap on PostgreSQL: a table never analyzed (a fresh
   * database, autovacuum off) made the planner apply `amount IN (…99…)` as a filter after
   * reading every slot of the address (issue 17: 54 ms per create at 30k slots).
   */
  async heldAmountsBetween(currency: CurrencyCode, address: string, low: bigint, high: bigint): Promise<Set<bigint>> {
    const q = preparedFor(heldInRangeQueries, this.#ctx, 5, (db, cur, addr, digits, lo, hi) =>
      db
        .selectFrom('amount_slots')
        .select('amount')
        .where('currency', '=', cur as string)
        .where('address', '=', addr as string)
        .where('amount_digits', '=', digits as number)
        .where('amount', '>=', lo as string)
        .where('amount', '<=', hi as string),
    )
    const held = new Set<bigint>()
    const lo = slotKey(low)
    const hi = slotKey(high)
    for (let digits = lo.digits; digits <= hi.digits; digits++) {
      const from = digits === lo.digits ? lo.text : `1${'0'.repeat(digits - 1)}`
      const to = digits === hi.digits ? hi.text : '9'.repeat(digits)
      for (const r of await q.executeOn(this.#ctx.db, currency, address, digits, from, to)) held.add(BigInt(r.amount))
    }
    return held
  }

  /** Takes the slot of `amount` at this address for the payment; false when someone holds it. */
  async claimAmount(currency: CurrencyCode, address: string, amount: bigint, paymentId: string): Promise<boolean> {
    const q = preparedFor(claimAmountQueries, this.#ctx, 5, (db, cur, addr, digits, amt, pid) =>
      db
        .insertInto('amount_slots')
        .values({
          currency: cur as string,
          address: addr as string,
          amount_digits: digits as number,
          amount: amt as string,
          payment_id: pid as string,
        })
        .onConflict((oc) => oc.doNothing()),
    )
    const { digits, text } = slotKey(amount)
    return (await q.changesOn(this.#ctx.db, currency, address, digits, text, paymentId)) === 1
  }

  async releaseAmounts(paymentId: string): Promise<void> {
    await this.#ctx.db.deleteFrom('amount_slots').where('payment_id', '=', paymentId).execute()
  }

  /** The payment holding the slot of `amount` at this address, if any. */
  async holderOfAmount(currency: string, address: string, amount: bigint): Promise<PaymentBrief | undefined> {
    const key = slotKey(amount)
    const row = await this.#ctx.db
      .selectFrom('amount_slots')
      .innerJoin('payments', 'payments.id', 'amount_slots.payment_id')
      .select(['payments.id', 'payments.store_id', 'payments.status', 'payments.currency', 'payments.expires_at'])
      .where('amount_slots.currency', '=', currency)
      .where('amount_slots.address', '=', address)
      .where('amount_slots.amount_digits', '=', key.digits)
      .where('amount_slots.amount', '=', key.text)
      .executeTakeFirst()
    return row === undefined ? undefined : toPaymentBrief(row)
  }

  /**
   * Every payment holding a unique amount at this address (the open ones: pending, expired or
   * not yet, and confirming), for matching a transfer that is nobody's exact amount. Read by
   * the slots' primary key (currency, address, amount), not by a scan of the payments.
   */
  async slotHoldersAt(currency: CurrencyCode, address: string): Promise<SlotHolder[]> {
    const rows = await this.#ctx.db
      .selectFrom('amount_slots')
      .innerJoin('payments', 'payments.id', 'amount_slots.payment_id')
      .select(['payments.id', 'payments.status', 'payments.expires_at', 'amount_slots.amount', 'payments.amount_received'])
      .where('amount_slots.currency', '=', currency)
      .where('amount_slots.address', '=', address)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      status: r.status as PaymentStatus,
      expiresAt: r.expires_at,
      due: BigInt(r.amount),
      amountReceived: BigInt(r.amount_received),
    }))
  }

  /**
   * A store's payments at this address created at or after `since` that no longer wait (no
   * slot, not queued): whose buyer may still pay late. By the store's (store_id, created_at) index.
   */
  async closedAtAddressSince(storeId: string, currency: CurrencyCode, address: string, since: number): Promise<ClosedAtAddress[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select(['id', 'status', 'amount_requested', 'amount_with_cents'])
      .where('store_id', '=', storeId)
      .where('created_at', '>=', since)
      .where('currency', '=', currency)
      .where('pay_address', '=', address)
      .where('status', 'in', ['completed', 'overpaid', 'underpaid', 'expired'])
      .execute()
    return rows.map((r) => ({
      id: r.id,
      status: r.status as PaymentStatus,
      due: r.amount_with_cents === null ? BigInt(r.amount_requested) : BigInt(r.amount_with_cents),
    }))
  }

  /** Unique amounts held by the store's payments from `sources` (public endpoints). */
  async amountsHeldBy(storeId: string, sources: readonly PaymentSource[]): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('amount_slots')
      .innerJoin('payments', 'payments.id', 'amount_slots.payment_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('payments.store_id', '=', storeId)
      .where('payments.source', 'in', [...sources])
      .where(PUBLIC_PAYMENTS)
      .executeTakeFirstOrThrow()
    return Number(row.n)
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
    const base = this.#searchBase(storeId, s)
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { payments: rows.map(toPayment), total: Number(count.n) }
  }

  /**
   * The next `limit` payments matching `s` in `search`'s order (newest first, then id), after
   * the payment `after` (keyset pagination): each page costs the same however deep it is,
   * where an offset would rescan every row before it. The export reads the store this way.
   */
  async searchAfter(
    storeId: string,
    s: PaymentSearch,
    after: { createdAt: number; id: string } | undefined,
    limit: number,
  ): Promise<Payment[]> {
    let q = this.#searchBase(storeId, s)
    if (after !== undefined) {
      // The `<=` alone is what the (store_id, created_at) index seeks on; the OR, on its own,
      // made SQLite scan and sort the store's every row for each page.
      q = q
        .where('created_at', '<=', after.createdAt)
        .where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb('id', '<', after.id)]))
    }
    const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
    return rows.map(toPayment)
  }

  #searchBase(storeId: string, s: PaymentSearch) {
    let base = this.#ctx.db.selectFrom('payments').where('store_id', '=', storeId)
    if (s.status) base = base.where('status', '=', s.status)
    if (s.currency) base = base.where('currency', '=', s.currency)
    if (s.createdFrom !== undefined) base = base.where('created_at', '>=', s.createdFrom)
    if (s.createdBefore !== undefined) base = base.where('created_at', '<', s.createdBefore)
    const terms = s.terms ? [...s.terms] : []
    if (terms.length === 0) return base
    return base.where((eb) =>
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
