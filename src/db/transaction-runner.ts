import { sql } from 'kysely'
import type { ControlledTransaction, Kysely } from 'kysely'
import type { DatabaseHandle } from './dialect.js'
import type { Database } from './schema.js'

export type TransactionWork<T> = (trx: Kysely<Database>) => Promise<T>

/** Runs a unit of work in a transaction of its own (as far as the work can tell). */
export interface TransactionRunner {
  run<T>(work: TransactionWork<T>): Promise<T>
}

/** PostgreSQL: concurrent transactions, one per unit of work. */
export class DirectTransactions implements TransactionRunner {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }
  run<T>(work: TransactionWork<T>): Promise<T> {
    return this.#db.transaction().execute(work)
  }
}

interface Pending {
  work: TransactionWork<unknown>
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

const SAVEPOINT = sql`savepoint unit`
const RELEASE = sql`release savepoint unit`
const ROLLBACK_TO = sql`rollback to savepoint unit`

/** More than this many units in one commit only lengthens the wait of the first ones. */
const MAX_BATCH = 64

/**
 * SQLite group commit. SQLite has one writer, so concurrent units of work wait for each other
 * anyway, and each commit costs WAL writes for every B-tree page it touched: most of a payment
 * create's time (profiled; docs/PERFORMANCE.md). Units that arrive while a commit is in
 * progress are run together in the next transaction, each inside its own savepoint: a unit
 * that throws is rolled back to its savepoint alone and rejected, the rest commit. Nobody is
 * told "done" before the commit that holds their writes has succeeded; if that commit fails,
 * every unit in it is rejected. An idle server runs each unit at once, in a batch of one.
 *
 * A unit must only use the transaction it is given: the single SQLite connection is held for
 * the whole batch, so a query on the outer `db` from inside a unit would wait forever.
 */
export class BatchedTransactions implements TransactionRunner {
  readonly #db: Kysely<Database>
  readonly #queue: Pending[] = []
  readonly #pauseWrites: (() => Promise<void> | undefined) | undefined
  #draining = false

  /** `pauseWrites`: DatabaseHandle.pauseWrites, asked before each transaction. */
  constructor(db: Kysely<Database>, pauseWrites?: () => Promise<void> | undefined) {
    this.#db = db
    this.#pauseWrites = pauseWrites
  }

  run<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work: work as TransactionWork<unknown>, resolve: resolve as (v: unknown) => void, reject })
      if (!this.#draining) {
        this.#draining = true
        // One turn of the event loop first: requests already read from their sockets get to
        // queue their work too, instead of the first one committing alone while they wait.
        setImmediate(() => void this.#drain())
      }
    })
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const pause = this.#pauseWrites?.()
        if (pause) await pause
        const batch = this.#queue.splice(0, MAX_BATCH)
        if (batch.length === 1) {
          const [only] = batch as [Pending]
          await this.#db.transaction().execute(only.work).then(only.resolve, only.reject)
        } else {
          await this.#runBatch(batch)
        }
      }
    } finally {
      this.#draining = false
    }
  }

  async #runBatch(batch: Pending[]): Promise<void> {
    let trx: ControlledTransaction<Database>
    try {
      trx = await this.#db.startTransaction().execute()
    } catch (err) {
      for (const p of batch) p.reject(err)
      return
    }
    const settle: (() => void)[] = []
    try {
      for (const p of batch) {
        // Plain statements rather than Kysely's savepoint API, which builds a new transaction
        // object per savepoint (profiled: a noticeable share of a create). One name will do:
        // each savepoint is released before the next is taken.
        await SAVEPOINT.execute(trx)
        try {
          const value = await p.work(trx)
          await RELEASE.execute(trx)
          settle.push(() => p.resolve(value))
        } catch (err) {
          await ROLLBACK_TO.execute(trx)
          await RELEASE.execute(trx)
          settle.push(() => p.reject(err))
        }
      }
      await trx.commit().execute()
    } catch (err) {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined)
      for (const p of batch) p.reject(err)
      return
    }
    for (const s of settle) s()
  }
}

/** The runner that fits the dialect: group commit where there is a single writer. */
export function transactionRunnerFor(handle: DatabaseHandle): TransactionRunner {
  return handle.dialect.singleWriter ? new BatchedTransactions(handle.db, handle.pauseWrites) : new DirectTransactions(handle.db)
}
