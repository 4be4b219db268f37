import { sql } from 'kysely'
import type { RepositoryContext } from './repository-context.js'

/** One ledger entry as the doctor reads it; amounts stay text until the caller sums them in bigint. */
export interface DoctorLedgerEntry {
  id: number
  txnId: string
  account: string
  currency: string
  amount: string
  kind: string
  paymentId: string | null
}

export interface DoctorPaymentPosition {
  id: string
  storeId: string
  currency: string
  pending: string
  credited: string
  fee: string
}

/** A payout's transaction as the doctor checks it for coins spent twice. */
export interface DoctorSignedPayout {
  id: string
  network: string
  txHash: string
  signedTx: string
}

/** What is reserved and not yet settled: an unfinished withdrawal or refund. */
export interface DoctorReservation {
  storeId: string
  currency: string
  amount: string
}

const PAGE = 5000

/**
 * Read-only queries of `kassa doctor` (services/doctor/): the raw rows its consistency checks
 * compare. Sums are left to the caller in bigint, because SQLite would sum TEXT amounts as
 * floating point (as LedgerRepository says). Large tables are read in pages by key, so memory
 * stays bounded by what a check keeps, not by the table.
 */
export class DoctorRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /** Every ledger entry, in id order, a page at a time. */
  async *ledgerEntries(): AsyncGenerator<DoctorLedgerEntry> {
    let after = 0
    for (;;) {
      const rows = await this.#ctx.db
        .selectFrom('ledger_entries')
        .select(['id', 'txn_id', 'account', 'currency', 'amount', 'kind', 'payment_id'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
      for (const r of rows) {
        yield {
          id: Number(r.id),
          txnId: r.txn_id,
          account: r.account,
          currency: r.currency,
          amount: String(r.amount),
          kind: r.kind,
          paymentId: r.payment_id,
        }
      }
      if (rows.length < PAGE) return
      after = Number(rows[rows.length - 1]!.id)
    }
  }

  async ledgerBalances(): Promise<{ account: string; currency: string; balance: string }[]> {
    const rows = await this.#ctx.db.selectFrom('ledger_balances').select(['account', 'currency', 'balance']).execute()
    return rows.map((r) => ({ account: r.account, currency: r.currency, balance: String(r.balance) }))
  }

  /** Every payment's recorded ledger position, a page at a time in id order. */
  async *paymentPositions(): AsyncGenerator<DoctorPaymentPosition> {
    let after = ''
    for (;;) {
      const rows = await this.#ctx.db
        .selectFrom('payments')
        .select(['id', 'store_id', 'currency', 'ledger_pending', 'ledger_credited', 'ledger_fee'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
      for (const r of rows) {
        yield {
          id: r.id,
          storeId: r.store_id,
          currency: r.currency,
          pending: String(r.ledger_pending),
          credited: String(r.ledger_credited),
          fee: String(r.ledger_fee),
        }
      }
      if (rows.length < PAGE) return
      after = rows[rows.length - 1]!.id
    }
  }

  /**
   * Ended payments of a source that sends webhooks (all but donations) with no outbox row for
   * the event their status sends: completed and overpaid send payment.completed, expired and
   * underpaid their own (domain/payments/payment-events.ts).
   */
  async finalPaymentsWithoutEvent(): Promise<string[]> {
    const rows = await this.#ctx.db
      .selectFrom('payments as p')
      .select('p.id')
      .where('p.status', 'in', ['completed', 'overpaid', 'expired', 'underpaid'])
      .where('p.source', '<>', 'donation')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_events as w')
              .select(sql<number>`1`.as('one'))
              .whereRef('w.payment_id', '=', 'p.id')
              .where(
                'w.event',
                '=',
                sql<string>`case p.status when 'expired' then 'payment.expired' when 'underpaid' then 'payment.underpaid' else 'payment.completed' end`,
              ),
          ),
        ),
      )
      .orderBy('p.id')
      .execute()
    return rows.map((r) => r.id)
  }

  /** Open unique-amount payments that wait for the same amount at the same address, grouped. */
  async sharedAmountSlots(): Promise<string[][]> {
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .select(['id', 'currency', 'pay_address', 'amount_with_cents'])
      .where('status', 'in', ['pending', 'confirming'])
      .where('strategy', '=', 'unique_amount')
      .where('amount_with_cents', 'is not', null)
      .orderBy('id')
      .execute()
    return duplicates(
      rows,
      (r) => `${r.currency}|${r.pay_address}|${String(r.amount_with_cents)}`,
      (r) => r.id,
    )
  }

  /**
   * Payouts that signed different transactions with the same sender and nonce, grouped.
   * Payouts batched into one transaction share it (and its nonce) rightly; a fee bump keeps
   * the payout, so both count once.
   */
  async nonceReuse(): Promise<string[][]> {
    const rows = await this.#ctx.db
      .selectFrom('payouts')
      .select(['id', 'network', 'from_address', 'nonce', 'tx_hash'])
      .where('nonce', 'is not', null)
      .where('from_address', 'is not', null)
      .orderBy('id')
      .execute()
    const byTx = new Map<string, { key: string; ids: string[] }>()
    for (const r of rows) {
      const key = `${r.network}|${r.from_address}|${String(r.nonce)}`
      const tx = `${key}|${r.tx_hash}`
      const entry = byTx.get(tx) ?? { key, ids: [] }
      entry.ids.push(r.id)
      byTx.set(tx, entry)
    }
    const bySlot = new Map<string, string[][]>()
    for (const { key, ids } of byTx.values()) bySlot.set(key, [...(bySlot.get(key) ?? []), ids])
    return [...bySlot.values()].filter((txs) => txs.length > 1).map((txs) => txs.flat())
  }

  /**
   * The current transaction of every payout that has not failed: a failed payout's coins were
   * never spent (its transaction was dropped or replaced), so a later payout may take them.
   */
  async *signedPayouts(): AsyncGenerator<DoctorSignedPayout> {
    let after = ''
    for (;;) {
      const rows = await this.#ctx.db
        .selectFrom('payouts')
        .select(['id', 'network', 'tx_hash', 'signed_tx'])
        .where('status', '<>', 'failed')
        .where('signed_tx', 'is not', null)
        .where('tx_hash', 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
      for (const r of rows) yield { id: r.id, network: r.network, txHash: r.tx_hash!, signedTx: r.signed_tx! }
      if (rows.length < PAGE) return
      after = rows[rows.length - 1]!.id
    }
  }

  /** Withdrawals whose payout has not ended (queued, signed, broadcast): their money is `withdrawing`. */
  async unsettledWithdrawals(): Promise<DoctorReservation[]> {
    const rows = await this.#ctx.db
      .selectFrom('payouts')
      .select(['store_id', 'currency', 'amount'])
      .where('kind', '=', 'withdrawal')
      .where('store_id', 'is not', null)
      .where('status', 'in', ['queued', 'signed', 'broadcast'])
      .execute()
    return rows.map((r) => ({ storeId: r.store_id!, currency: r.currency, amount: String(r.amount ?? '0') }))
  }

  /**
   * Refunds not cancelled whose payout has not ended, or that have none yet (the buyer has not
   * given an address): their money is `refunding` (domain/ledger/refund-posting.ts).
   */
  async unsettledRefunds(): Promise<DoctorReservation[]> {
    const rows = await this.#ctx.db
      .selectFrom('refunds as r')
      .leftJoin('payouts as p', 'p.id', 'r.payout_id')
      .select(['r.store_id', 'r.currency', 'r.amount'])
      .where('r.cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('r.payout_id', 'is', null), eb('p.status', 'in', ['queued', 'signed', 'broadcast'])]))
      .execute()
    return rows.map((r) => ({ storeId: r.store_id, currency: r.currency, amount: String(r.amount) }))
  }
}

/** The groups of more than one row that share a key, as lists of ids. */
function duplicates<T>(rows: readonly T[], key: (r: T) => string, id: (r: T) => string): string[][] {
  const groups = new Map<string, string[]>()
  for (const r of rows) {
    const k = key(r)
    groups.set(k, [...(groups.get(k) ?? []), id(r)])
  }
  return [...groups.values()].filter((g) => g.length > 1)
}
