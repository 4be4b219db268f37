import assert from 'node:assert/strict'
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { sql } from 'kysely'
import { openSqlite } from '../../src/db/dialect.js'
import { BatchedTransactions, transactionRunnerFor } from '../../src/db/transaction-runner.js'

/** Salt-1 of the WAL header (walformat.html): SQLite adds one each time it starts the WAL over. */
function walSalt(file: string): number {
  const fd = openSync(`${file}-wal`, 'r')
  try {
    const header = Buffer.alloc(32)
    readSync(fd, header, 0, 32, 0)
    return header.readUInt32BE(16)
  } finally {
    closeSync(fd)
  }
}

test('under a steady stream of commits the checkpoint thread gets the WAL started over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-ckpt-'))
  const file = join(dir, 'k.sqlite')
  const handle = await openSqlite(file, { backgroundCheckpoints: true })
  try {
    assert.equal(typeof handle.pauseWrites, 'function')
    await sql`create table blobs (id integer primary key, body blob not null)`.execute(handle.db)
    const runner = transactionRunnerFor(handle)
    assert.ok(runner instanceof BatchedTransactions)
    const saltBefore = walSalt(file)
    // Four writers, a 3 KB row each per millisecond or so, for at least 1.5 s and 6,000 rows:
    // commits come back to back. Without the quiet moments the WAL starts over only when the
    // writers happen to leave a gap, or at the main connection's automatic checkpoint at 10,000
    // pages (40 MB), which runs on the event loop (measured over 6,000 rows: 0, 2 and 4
    // restarts, WAL files of 38, 24 and 13 MB); with them it starts over whenever it holds more
    // than 1,000 pages (4 MB) after a checkpoint (measured: 8–11 restarts, 5.2–5.8 MB files, also
    // with two busy loops beside it). The floor of rows keeps a slow or busy machine (CI) from
    // writing too little in the time; the cap ends the test on a machine slower still.
    const body = Buffer.alloc(3000, 7)
    const start = Date.now()
    const minRows = 6_000
    let written = 0
    const more = () => {
      const elapsed = Date.now() - start
      return elapsed < 20_000 && (elapsed < 1_500 || written < minRows)
    }
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (more()) {
          await new Promise((r) => setTimeout(r, 1))
          await runner.run(async (trx) => {
            await sql`insert into blobs (body) values (${body})`.execute(trx)
          })
          written++
        }
      }),
    )
    const restarts = walSalt(file) - saltBefore
    const walBytes = statSync(`${file}-wal`).size
    assert.ok(written >= minRows, `only ${written} rows written in 20 s`)
    assert.ok(restarts >= 5, `the WAL was started over ${restarts} times`)
    assert.ok(walBytes < 10 * 1024 * 1024, `WAL file ${walBytes} bytes`)
    const rows = await sql<{ n: number }>`select count(*) as n from blobs`.execute(handle.db)
    assert.equal(rows.rows[0]?.n, written)
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the group-commit runner starts no transaction while a write pause is pending', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-pause-'))
  const handle = await openSqlite(join(dir, 'k.sqlite'))
  try {
    await sql`create table t (x integer)`.execute(handle.db)
    let release: () => void = () => undefined
    let pending: Promise<void> | undefined = new Promise<void>((r) => {
      release = r
    })
    let asked = 0
    const runner = new BatchedTransactions(handle.db, () => {
      asked++
      const p = pending
      pending = undefined
      return p
    })
    let done = false
    const unit = runner
      .run(async (trx) => sql`insert into t values (1)`.execute(trx))
      .then(() => {
        done = true
      })
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(asked, 1)
    assert.equal(done, false, 'the unit ran during the pause')
    const during = await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db)
    assert.equal(during.rows[0]?.n, 0)
    release()
    await unit
    assert.equal(done, true)
    const after = await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db)
    assert.equal(after.rows[0]?.n, 1)
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
