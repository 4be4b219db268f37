import assert from 'node:assert/strict'
import { test } from 'node:test'
import { migrateToLatest } from '../../src/db/migrate.js'
import { BatchedTransactions, transactionRunnerFor } from '../../src/db/transaction-runner.js'
import { testDialects } from '../support/databases.js'

const dialects = await testDialects()

test('SQLite group commit: concurrent units share commits, a failing unit alone is rolled back', async () => {
  const d = await dialects[0]!.open()
  try {
    await migrateToLatest(d.handle)
    const runner = transactionRunnerFor(d.handle)
    assert.ok(runner instanceof BatchedTransactions)
    const db = d.handle.db
    let commits = 0
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        runner.run(async (trx) => {
          await trx
            .insertInto('accounts')
            .values({ id: `a${i}`, name: `n${i}`, created_at: i })
            .execute()
          if (i % 5 === 3) throw new Error(`unit ${i} fails`)
          commits++
          return i
        }),
      ),
    )
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []))
    assert.deepEqual(failed, [3, 8, 13, 18])
    assert.deepEqual(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
      [0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19],
    )
    const ids = (await db.selectFrom('accounts').select('id').orderBy('created_at').execute()).map((r) => r.id)
    assert.deepEqual(ids, ['a0', 'a1', 'a2', 'a4', 'a5', 'a6', 'a7', 'a9', 'a10', 'a11', 'a12', 'a14', 'a15', 'a16', 'a17', 'a19'])
    assert.equal(commits, 16)

    // The runner goes on after a batch with failures.
    const broken = await Promise.allSettled([
      runner.run(async (trx) => trx.insertInto('accounts').values({ id: 'b0', name: 'x', created_at: 0 }).execute()),
      runner.run(async (trx) => trx.insertInto('accounts').values({ id: 'b1', name: 'x', created_at: 0 }).execute()),
    ])
    assert.ok(broken.every((r) => r.status === 'fulfilled'))
    assert.equal((await db.selectFrom('accounts').select('id').where('id', 'in', ['b0', 'b1']).execute()).length, 2)
  } finally {
    await d.drop()
  }
})

test('a unit sees the writes of earlier units in its batch (idempotency keys, unique amounts)', async () => {
  const d = await dialects[0]!.open()
  try {
    await migrateToLatest(d.handle)
    const runner = transactionRunnerFor(d.handle)
    const claimed = await Promise.all(
      Array.from({ length: 5 }, () =>
        runner.run(async (trx) => {
          const row = await trx
            .insertInto('accounts')
            .values({ id: 'same', name: 'x', created_at: 0 })
            .onConflict((oc) => oc.doNothing())
            .returning('id')
            .executeTakeFirst()
          return row !== undefined
        }),
      ),
    )
    assert.deepEqual(claimed, [true, false, false, false, false])
  } finally {
    await d.drop()
  }
})
