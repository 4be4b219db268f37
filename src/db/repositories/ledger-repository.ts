import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { LedgerLine } from '../../domain/ledger/payment-posting.js'
import type { DialectInfo } from '../dialect.js'
import type { Database } from '../schema.js'

export interface Posting {
  currency: string
  storeId: string | null
  paymentId: string | null
  lines: readonly LedgerLine[]
  now: number
}

export class UnbalancedPostingError extends Error {}

/**
 * Writes balanced sets of ledger entries and keeps `ledger_balances` in step inside the same
 * transaction. Balances are summed here in bigint rather than with SQL SUM, because SQLite
 * would sum TEXT amounts as floating point.
 */
export class LedgerRepository {
  readonly #db: Kysely<Database>
  readonly #dialect: DialectInfo
  constructor(db: Kysely<Database>, dialect: DialectInfo) {
    this.#db = db
    this.#dialect = dialect
  }

  /** Must run inside a transaction: entries and balances change together or not at all. */
  async post(p: Posting): Promise<string> {
    const sum = p.lines.reduce((s, l) => s + l.amount, 0n)
    if (sum !== 0n) throw new UnbalancedPostingError(`ledger posting sums to ${sum}, not 0`)
    const txnId = randomUUID()
    if (p.lines.length === 0) return txnId
    await this.#db
      .insertInto('ledger_entries')
      .values(
        p.lines.map((l) => ({
          txn_id: txnId,
          account: l.account,
          currency: p.currency,
          amount: l.amount.toString(),
          kind: l.kind,
          store_id: p.storeId,
          payment_id: p.paymentId,
          created_at: p.now,
        })),
      )
      .execute()
    const deltas = new Map<string, bigint>()
    for (const l of p.lines) deltas.set(l.account, (deltas.get(l.account) ?? 0n) + l.amount)
    // Balances are locked in account order, so two postings that share accounts (a Swap
    // activation and another, both touching swap:fees and swap:inventory) always lock them in
    // the same order and cannot deadlock each other on PostgreSQL.
    for (const [account, delta] of [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (delta === 0n) continue
      // Create the row first (a no-op when it exists) so that the locked read below always
      // finds one, even when two PostgreSQL transactions touch a new account at once.
      await this.#db
        .insertInto('ledger_balances')
        .values({ account, currency: p.currency, balance: '0' })
        .onConflict((oc) => oc.columns(['account', 'currency']).doNothing())
        .execute()
      let query = this.#db.selectFrom('ledger_balances').select('balance').where('account', '=', account).where('currency', '=', p.currency)
      if (this.#dialect.supportsForUpdate) query = query.forUpdate()
      const row = await query.executeTakeFirstOrThrow()
      await this.#db
        .updateTable('ledger_balances')
        .set({ balance: (BigInt(row.balance) + delta).toString() })
        .where('account', '=', account)
        .where('currency', '=', p.currency)
        .execute()
    }
    return txnId
  }

  /**
   * One account's balance, locked until the transaction ends where the dialect has row locks
   * (SQLite's single writer already serialises): a check-then-spend such as a withdrawal
   * cannot race another one. Must run inside a transaction.
   */
  async lockedBalance(account: string, currency: string): Promise<bigint> {
    let query = this.#db.selectFrom('ledger_balances').select('balance').where('account', '=', account).where('currency', '=', currency)
    if (this.#dialect.supportsForUpdate) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    return row ? BigInt(row.balance) : 0n
  }

  /** Balances of the given accounts, by account then currency; missing ones are absent. */
  async balances(accounts: readonly string[]): Promise<Map<string, Map<string, bigint>>> {
    const out = new Map<string, Map<string, bigint>>()
    if (accounts.length === 0) return out
    const rows = await this.#db.selectFrom('ledger_balances').selectAll().where('account', 'in', accounts).execute()
    for (const r of rows) {
      let byCurrency = out.get(r.account)
      if (!byCurrency) out.set(r.account, (byCurrency = new Map()))
      byCurrency.set(r.currency, BigInt(r.balance))
    }
    return out
  }
}
