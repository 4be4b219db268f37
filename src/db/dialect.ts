import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql } from 'kysely'
import type { ColumnDefinitionBuilder, DatabaseConnection, SqliteDatabase, SqliteStatement } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import { contentVersion, FreshReads, noteStatement } from './fresh-reads.js'
import { registerDirectReader } from './prepared-query.js'
import type { Database } from './schema.js'
import type { SqliteCheckpointer } from './sqlite-checkpointer.js'

/** How often the checkpoint thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 100

/**
 * Everything that differs between SQLite and PostgreSQL lives here as capability flags and
 * column-type choices, so repositories and migrations read the same on both (kysely keeps
 * dialect quirks in its adapters the same way).
 */
export interface DialectInfo {
  name: 'sqlite' | 'postgres'
  /** `SELECT … FOR UPDATE` exists; SQLite has a single writer, so it needs no row locks. */
  supportsForUpdate: boolean
  /** One writer at a time (SQLite): concurrent write transactions queue, so they are batched. */
  singleWriter: boolean
  /** Session advisory locks exist, so instances sharing the database can elect a worker. */
  supportsAdvisoryLocks: boolean
  /**
   * Several server instances may serve one database (PostgreSQL), so what they must agree on
   * (the public rate-limit counters) is kept in it; an SQLite file has one server, which keeps
   * such state in memory.
   */
  sharedByInstances: boolean
  /**
   * `CREATE UNLOGGED TABLE` exists (PostgreSQL): writes skip the WAL, so a commit does not wait
   * for a flush, and a crash empties the table. For state that may be lost (rate-limit counters).
   */
  supportsUnloggedTables: boolean
  /**
   * Column type for atomic money amounts: exact, up to 78 digits (2^256). SQLite's text amounts
   * order as text ('960000' > '1930000'): a range over them needs the digit count ahead of the
   * amount in the key (`amount_slots.amount_digits`, migration 019).
   */
  moneyType: 'text' | 'numeric(78,0)'
  /** Column type for epoch-millisecond times. */
  timeType: 'integer' | 'bigint'
  /** Adds an auto-increment integer primary key column. */
  serialPrimaryKey: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  serialType: 'integer' | 'bigserial'
}

export const SQLITE: DialectInfo = {
  name: 'sqlite',
  supportsForUpdate: false,
  supportsAdvisoryLocks: false,
  sharedByInstances: false,
  supportsUnloggedTables: false,
  singleWriter: true,
  moneyType: 'text',
  timeType: 'integer',
  serialType: 'integer',
  serialPrimaryKey: (col) => col.primaryKey().autoIncrement(),
}

export const POSTGRES: DialectInfo = {
  name: 'postgres',
  supportsForUpdate: true,
  supportsAdvisoryLocks: true,
  sharedByInstances: true,
  supportsUnloggedTables: true,
  singleWriter: false,
  moneyType: 'numeric(78,0)',
  timeType: 'bigint',
  serialType: 'bigserial',
  serialPrimaryKey: (col) => col.primaryKey(),
}

export interface DatabaseHandle {
  db: Kysely<Database>
  dialect: DialectInfo
  /**
   * SQLite only: a number that changes whenever another connection (another process, such as
   * the `kassa` CLI) has committed, so in-process caches know when to drop what they hold.
   */
  externalChanges?: () => number
  /**
   * SQLite only: moves on any write of this process and any commit of another (fresh-reads.ts
   * `contentVersion`), so what is derived from reads can be kept while it stays the same.
   */
  contentVersion?: () => string
  /**
   * SQLite only: runs `work` after this event-loop turn has read its requests, with one
   * `data_version` read shared by all such work of the turn (fresh-reads.ts `afterTurnReads`).
   */
  afterTurnReads?: <T>(work: () => Promise<T>) => Promise<T>
  /**
   * PostgreSQL only: a pool of its own for the connections that hold session advisory locks
   * (src/db/advisory-lock.ts). A lock holder's work queries through `db`; were the lock held on
   * a connection of `db`'s pool, as many locked tasks as the pool has connections (a watcher per
   * network, the swap worker, payouts, sim blocks) would take every connection and wait forever
   * for one more.
   */
  locks?: Kysely<Database>
  /**
   * SQLite with background checkpoints: asked between write transactions; a promise means
   * "wait for it before the next one" (sqlite-checkpointer.ts `pauseWrites`).
   */
  pauseWrites?: () => Promise<void> | undefined
  close(): Promise<void>
}

/**
 * SQLite's plain BEGIN takes the write lock only at the first write; if another process (the
 * `kassa simulate` CLI beside a running server) committed in between, WAL mode fails that
 * transaction with SQLITE_BUSY_SNAPSHOT instead of waiting. BEGIN IMMEDIATE takes the write
 * lock up front, so busy_timeout applies and the transaction waits its turn.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config)
    this.#config = config
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config)
  }
}

/**
 * Kysely's SQLite driver calls `prepare` for every query, and compiling SQL is most of the
 * cost of a small query (profiled: about a quarter of a status request's CPU). Statements are
 * reusable, so the same SQL text gets the same prepared statement. The cache is bounded:
 * queries with `IN (…)` lists of varying length produce many texts.
 */
function statementCache(sqlite: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return (sql) => {
    let stmt = cache.get(sql)
    if (!stmt) {
      if (cache.size >= 500) cache.clear()
      stmt = sqlite.prepare(sql)
      cache.set(sql, stmt)
    }
    return stmt
  }
}

export interface SqliteOptions {
  /** Run WAL checkpoints in a worker thread (long-running servers; see sqlite-checkpointer.ts). */
  backgroundCheckpoints?: boolean
  onCheckpointError?: (message: string) => void
}

export async function openSqlite(file: string, opts: SqliteOptions = {}): Promise<DatabaseHandle> {
  const { default: SqliteDatabase } = await import('better-sqlite3')
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  // NORMAL in WAL mode is durable against process crashes; only an OS crash can lose the last
  // transactions, which is the trade SQLite documents for WAL. It roughly doubles write speed.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // 16 MiB of page cache (default 2 MiB): payment inserts touch index pages all over their
  // B-trees, and re-reading them from the OS showed as system time in the create profile.
  sqlite.pragma('cache_size = -16000')
  // Savepoint journals in memory. Each unit of a group commit runs in a savepoint
  // (transaction-runner.ts), and SQLite keeps a savepoint's journal in memory only up to 64 KiB,
  // then writes it to a temporary file: a payment create with its signature record touches about
  // that many pages, and spilling tripled the writes per create (issue 17; docs/PERFORMANCE.md).
  // Temporary tables and sorts live in memory too: Kassa makes no temporary tables and sorts
  // large results through indexes.
  sqlite.pragma('temp_store = MEMORY')
  let checkpointer: SqliteCheckpointer | undefined
  if (opts.backgroundCheckpoints && file !== ':memory:') {
    const { SqliteCheckpointer } = await import('./sqlite-checkpointer.js')
    // Every 100 ms rather than every second: a checkpoint ends in an fsync of what it copied,
    // and a second's worth of creates made the commits behind it wait (issue 17: create p99 at
    // 50 connections 82–93 ms with 1 s, 36–47 ms with 100 ms; docs/PERFORMANCE.md).
    checkpointer = new SqliteCheckpointer(file, CHECKPOINT_INTERVAL_MS, opts.onCheckpointError)
    // 10,000 pages (about 40 MB of WAL): reached only if the checkpoint thread falls behind.
    sqlite.pragma('wal_autocheckpoint = 10000')
  }
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck()
  const prepare = statementCache(sqlite)
  // Every statement Kysely runs passes here first, so fresh-reads.ts sees each write.
  const database: SqliteDatabase = {
    prepare: (sql) => {
      const statement = prepare(sql)
      noteStatement(statement)
      return statement as unknown as SqliteStatement
    },
    close: () => sqlite.close(),
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) })
  // better-sqlite3 is synchronous, so a read can run at once, unless a transaction is open on
  // the (one) connection: it would see that transaction's uncommitted writes. Then it queues.
  // Outside a transaction, a read repeated while nothing changed is answered from memory.
  // A statement that writes (an INSERT … RETURNING run through `execute`) never takes this path.
  const reads = new FreshReads(() => dataVersion.get() as number)
  registerDirectReader(db, (sql, parameters) => {
    if (sqlite.inTransaction) return undefined
    const statement = prepare(sql)
    return statement.readonly ? reads.read(sql, parameters, () => statement.all(parameters)) : undefined
  })
  return {
    db,
    dialect: SQLITE,
    // PRAGMA data_version: synchronous, and blind to this connection's own commits. Prepared
    // once: `sqlite.pragma()` would compile it on every signed request.
    externalChanges: () => dataVersion.get() as number,
    contentVersion: () => contentVersion(reads.dataVersion()),
    afterTurnReads: (work) => reads.afterTurnReads(work),
    ...(checkpointer && { pauseWrites: () => checkpointer.pauseWrites() }),
    async close() {
      await db.destroy()
      await checkpointer?.stop()
    },
  }
}

export async function openPostgres(
  url: string,
  poolSize = 10,
  onIdleError: (err: Error) => void = (err) => process.stderr.write(`postgres pool: ${err.message}\n`),
): Promise<DatabaseHandle> {
  const pg = await import('pg')
  // BIGINT (int8) holds our epoch-ms times and counts; all fit in a JS number, while money is
  // NUMERIC and stays a string.
  pg.default.types.setTypeParser(20, (v: string) => Number(v))
  const pool = new pg.default.Pool({ connectionString: url, max: poolSize })
  // An idle client dropped by the server (restart, failover, pg_terminate_backend) is emitted
  // here; without a listener Node treats it as an unhandled error and exits. The pool replaces
  // the client on the next query, so logging it is all there is to do.
  pool.on('error', onIdleError)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  await sql`select 1`.execute(db)
  // Connections are opened on first use: only a process running the background loops holds locks.
  const lockPool = new pg.default.Pool({ connectionString: url, max: poolSize })
  lockPool.on('error', onIdleError)
  const locks = new Kysely<Database>({ dialect: new PostgresDialect({ pool: lockPool }) })
  return {
    db,
    dialect: POSTGRES,
    locks,
    close: async () => {
      await Promise.all([db.destroy(), locks.destroy()])
    },
  }
}
