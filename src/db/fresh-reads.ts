/**
 * Answers a repeated read from memory for as long as the database provably has not changed,
 * and never after (issue 17: "no caching that can serve a stale status").
 *
 * SQLite only. Two things can change an SQLite file under a running server:
 * - a write on a connection of this process: every statement that is not read-only goes
 *   through `noteStatement` before it runs, and the process-wide write count moves;
 * - a commit by another process (the `kassa` CLI, a second server): `PRAGMA data_version`
 *   moves, and it is read on every lookup, at the moment of the read.
 * Rows are kept under the pair; when either moves, everything kept is dropped. So a read
 * answered from here returns exactly what the query would have returned at that moment.
 *
 * Worth it because a small indexed read on a WAL database costs 8–25 µs in the server (most of
 * it the read transaction's shared-memory locks and turning columns into JS values), while
 * `data_version` costs about 5 µs and the lookup well under one. It helps reads repeated between
 * writes (status polls, page views); a write drops everything, so write-heavy loads gain nothing.
 */

/** Writes by any connection of this process (all files alike: a needless drop is harmless). */
let processWrites = 0

/** What the cache keeps at most; past it, everything is dropped (a cheap bound, no LRU). */
const MAX_ENTRIES = 2_000

/** Call before running any statement on a connection of this process. */
export function noteStatement(statement: { readonly: boolean }): void {
  if (!statement.readonly) processWrites++
}

/**
 * A text that moves whenever the database's content may have changed: a write of this process
 * (counted before it runs) or another process's commit (`data_version`). Monotonic in both parts,
 * so a version once left never comes back. For caches of what is derived from reads (rendered
 * pages): kept under one version, served only while it is still the current one.
 */
export function contentVersion(dataVersion: number): string {
  return `${dataVersion}:${processWrites}`
}

export class FreshReads {
  readonly #dataVersion: () => number
  /** SQL text → parameters as JSON → rows (frozen, shared by every caller). */
  #rows = new Map<string, Map<string, readonly unknown[]>>()
  #entries = 0
  #version = -1
  #writes = -1
  /** Work waiting for the end of this turn's I/O (`afterTurnReads`). */
  #turnQueue: (() => void)[] = []
  /** `data_version` as read for the turn's work; set only while that work's synchronous part runs. */
  #turnVersion: number | undefined

  constructor(dataVersion: () => number) {
    this.#dataVersion = dataVersion
  }

  /** `data_version` now: the turn's while its work starts, else read afresh. */
  dataVersion(): number {
    return this.#turnVersion ?? this.#dataVersion()
  }

  /**
   * Runs `work` once the event loop has read this turn's requests (in `setImmediate`, which
   * follows the turn's I/O), with one `data_version` read for all the work queued in the turn:
   * reads made by each work's synchronous part use it. Sound because every request whose work
   * is here was read from its socket before that version was read, so any commit its client
   * could have known of is already counted; a later read is never wrong, only dearer. Work that
   * reads after its first `await` reads `data_version` itself, as any other read does.
   * (Issue 17: `data_version` is two `fcntl` locks, ~5 µs of a ~75 µs status request, and a
   * loaded turn holds dozens of requests; answering them together after the turn's reads
   * saved more still, docs/PERFORMANCE.md.)
   */
  afterTurnReads<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#turnQueue.push(() => {
        try {
          work().then(resolve, reject)
        } catch (err) {
          reject(err)
        }
      })
      if (this.#turnQueue.length === 1) setImmediate(this.#runTurn)
    })
  }

  readonly #runTurn = (): void => {
    const queue = this.#turnQueue
    this.#turnQueue = []
    this.#turnVersion = this.#dataVersion()
    try {
      for (const start of queue) start()
    } finally {
      this.#turnVersion = undefined
    }
  }

  /** The rows of `sql` with `parameters`: from memory if nothing changed since they were read, else from `run`. */
  read(sql: string, parameters: readonly unknown[], run: () => unknown[]): readonly unknown[] {
    const key = parametersKey(parameters)
    if (key === undefined) return run()
    const version = this.dataVersion()
    if (version !== this.#version || processWrites !== this.#writes || this.#entries >= MAX_ENTRIES) {
      this.#rows = new Map()
      this.#entries = 0
      this.#version = version
      this.#writes = processWrites
    }
    let bySql = this.#rows.get(sql)
    const kept = bySql?.get(key)
    if (kept !== undefined) return kept
    const rows = run()
    // Frozen: the same objects go to every later caller, so none may change them.
    for (const row of rows) Object.freeze(row)
    Object.freeze(rows)
    if (bySql === undefined) {
      bySql = new Map()
      this.#rows.set(sql, bySql)
    }
    bySql.set(key, rows)
    this.#entries++
    return rows
  }
}

/** Parameters as a key, or undefined for a kind JSON would not tell apart (Buffers, bigints, NaN and ±Infinity read as null). */
function parametersKey(parameters: readonly unknown[]): string | undefined {
  for (const p of parameters) {
    if (p !== null && typeof p !== 'string' && !(typeof p === 'number' && Number.isFinite(p))) return undefined
  }
  return JSON.stringify(parameters)
}
