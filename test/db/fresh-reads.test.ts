import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { openSqlite } from '../../src/db/dialect.js'
import { FreshReads, noteStatement } from '../../src/db/fresh-reads.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { PreparedQuery } from '../../src/db/prepared-query.js'
import { fileKassa, setStatusFromOutside, storeWithPayment } from '../support/file-kassa.js'

// db/fresh-reads.ts answers repeated reads from memory; these tests hold it to "never stale".

describe('FreshReads', () => {
  test('a repeated read runs once, and again after any write or another connection’s commit', () => {
    let version = 1
    let runs = 0
    const reads = new FreshReads(() => version)
    const run = () => {
      runs++
      return [{ n: runs }]
    }
    const first = reads.read('select', ['a'], run)
    assert.equal(reads.read('select', ['a'], run), first, 'the second read is the kept rows')
    assert.equal(runs, 1)
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]), 'shared rows are frozen')

    reads.read('select', ['b'], run)
    reads.read('other sql', ['a'], run)
    assert.equal(runs, 3, 'other parameters and other SQL are other entries')

    noteStatement({ readonly: true })
    reads.read('select', ['a'], run)
    assert.equal(runs, 3, 'a read-only statement changes nothing')
    noteStatement({ readonly: false })
    assert.deepEqual(reads.read('select', ['a'], run), [{ n: 4 }], 'a write in this process drops what was kept')

    version = 2
    assert.deepEqual(reads.read('select', ['a'], run), [{ n: 5 }], 'a commit elsewhere (data_version) drops it too')
  })

  test('work queued in one event-loop turn shares one data_version read, taken after the turn; the next turn reads it anew', async () => {
    let version = 1
    let versionReads = 0
    let runs = 0
    const reads = new FreshReads(() => {
      versionReads++
      return version
    })
    const run = () => [{ n: ++runs, version }]
    const read = async () => reads.read('select', ['a'], run)[0] as { n: number; version: number } | undefined

    // Three requests read in one turn; another process commits before the turn's work starts.
    const turn = [reads.afterTurnReads(read), reads.afterTurnReads(read), reads.afterTurnReads(read)]
    assert.equal(versionReads, 0, 'nothing is read before the turn’s I/O is done')
    version = 2
    const rows = await Promise.all(turn)
    assert.equal(versionReads, 1, 'one data_version read for the three')
    assert.deepEqual(
      rows.map((r) => r?.version),
      [2, 2, 2],
      'the version is read after the requests were, so their reads see the commit',
    )
    assert.equal(runs, 1)

    // The next turn reads data_version again: a commit between turns is seen.
    version = 3
    assert.equal((await reads.afterTurnReads(read))?.version, 3)
    assert.equal(versionReads, 2)

    // A read after the work's first await is outside the turn: it reads data_version itself.
    await reads.afterTurnReads(async () => {
      await Promise.resolve()
      return read()
    })
    assert.equal(versionReads, 4, 'the turn’s read, then the late read’s own')
    // Outside any turn every read checks afresh, as before.
    reads.read('select', ['a'], run)
    assert.equal(versionReads, 5)
    // A work that throws rejects its own promise only.
    const results = await Promise.allSettled([
      reads.afterTurnReads(async () => {
        throw new Error('boom')
      }),
      reads.afterTurnReads(read),
    ])
    assert.equal(results[0].status, 'rejected')
    assert.equal(results[1].status, 'fulfilled')
  })

  test('parameters JSON cannot tell apart are never kept', () => {
    let runs = 0
    const reads = new FreshReads(() => 1)
    const run = () => [{ n: ++runs }]
    for (const p of [Buffer.from('a'), 1n, Number.NaN, Number.POSITIVE_INFINITY]) {
      reads.read('select', [p], run)
      reads.read('select', [p], run)
    }
    assert.equal(runs, 8)
    // '1' and 1 are different keys: SQLite compares them differently.
    reads.read('select', ['1'], run)
    assert.deepEqual(reads.read('select', [1], run), [{ n: 10 }])
  })
})

describe('fresh reads on an SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-fresh-'))
  const file = join(dir, 'kassa.sqlite')
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('a prepared read sees every commit: this connection’s, and a connection Kassa does not know of', async () => {
    const handle = await openSqlite(file)
    try {
      await migrateToLatest(handle)
      const db = handle.db
      const byId = new PreparedQuery<{ id: string; name: string }, [string]>(db, 1, (k, id) =>
        k
          .selectFrom('accounts')
          .select(['id', 'name'])
          .where('id', '=', id as string),
      )
      await db.insertInto('accounts').values({ id: 'a1', name: 'one', created_at: 1 }).execute()
      const first = await byId.execute('a1')
      assert.equal(await byId.execute('a1'), first, 'kept: the same rows object')

      await db.updateTable('accounts').set({ name: 'two' }).where('id', '=', 'a1').execute()
      assert.deepEqual(await byId.first('a1'), { id: 'a1', name: 'two' })

      // A plain better-sqlite3 connection stands for another process (the CLI): nothing in
      // this process hears of its write; only PRAGMA data_version does.
      const outsider = new BetterSqlite3(file)
      outsider.prepare("update accounts set name = 'three' where id = 'a1'").run()
      assert.deepEqual(await byId.first('a1'), { id: 'a1', name: 'three' })
      outsider.prepare("insert into accounts (id, name, created_at) values ('a2', 'new', 2)").run()
      outsider.close()
      assert.deepEqual(await byId.first('a2'), { id: 'a2', name: 'new' }, 'a row that was missing is found once it exists')

      // A write that returns rows, run through `execute`, runs every time: never answered from memory.
      const rename = new PreparedQuery<{ name: string }, [string]>(db, 1, (k, id) =>
        k
          .updateTable('accounts')
          .set((eb) => ({ name: eb('name', '||', '+') }))
          .where('id', '=', id as string)
          .returning('name'),
      )
      assert.deepEqual(await rename.execute('a2'), [{ name: 'new+' }])
      assert.deepEqual(await rename.execute('a2'), [{ name: 'new++' }])
    } finally {
      await handle.close()
    }
  })
})

describe('payment status over HTTP, with the payment changed by another connection', () => {
  const { file, kassa } = fileKassa('kassa-fresh-http-')

  test('the status read right after the change shows it, on the API and on the buyer’s status poll', async () => {
    const t = kassa()
    const { store, id } = await storeWithPayment(t, 'fresh-1')
    const path = `/api/v1/payment/${id}`
    for (let i = 0; i < 3; i++) assert.equal((await t.request(store, 'GET', path)).json.data.status, 'pending')
    const poll = async () => (await t.app.inject({ method: 'GET', url: `/pay/${id}/status` })).json().data.status
    assert.equal(await poll(), 'pending')

    setStatusFromOutside(file, id, 'expired')
    assert.equal((await t.request(store, 'GET', path)).json.data.status, 'expired')
    assert.equal(await poll(), 'expired')

    // And a change made by this server itself (the test-mode payment), at once as well.
    const other = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.001', order_id: 'fresh-2' })
    const otherId = other.json.data.payment_id as string
    assert.equal((await t.request(store, 'GET', `/api/v1/payment/${otherId}`)).json.data.status, 'pending')
    await t.kassa.simulation.pay(otherId)
    await t.kassa.runWorkersOnce()
    assert.equal((await t.request(store, 'GET', `/api/v1/payment/${otherId}`)).json.data.status, 'confirming')
    await t.kassa.simulation.mine(12)
    await t.kassa.runWorkersOnce()
    assert.equal((await t.request(store, 'GET', `/api/v1/payment/${otherId}`)).json.data.status, 'completed')
  })
})
