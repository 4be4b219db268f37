import assert from 'node:assert/strict'
import { test } from 'node:test'
import { migrateToLatest } from '../../src/db/migrate.js'
import { PreparedQuery } from '../../src/db/prepared-query.js'
import { testDialects } from '../support/databases.js'

const dialects = await testDialects()

for (const dialect of dialects) {
  test(`${dialect.name}: a prepared read sees committed rows only, never an open transaction's writes`, async () => {
    const d = await dialect.open()
    try {
      await migrateToLatest(d.handle)
      const db = d.handle.db
      const byId = new PreparedQuery<{ id: string; name: string }, [string]>(db, 1, (k, id) =>
        k
          .selectFrom('accounts')
          .select(['id', 'name'])
          .where('id', '=', id as string),
      )

      await db.insertInto('accounts').values({ id: 'committed', name: 'one', created_at: 1 }).execute()
      assert.deepEqual(await byId.first('committed'), { id: 'committed', name: 'one' })
      assert.equal(await byId.first('nobody'), undefined)

      // On SQLite the one connection is inside this transaction: a read that ran on it at once
      // (the synchronous fast path) would see the uncommitted row. It must wait its turn instead.
      const trx = await db.startTransaction().execute()
      await trx.insertInto('accounts').values({ id: 'uncommitted', name: 'two', created_at: 2 }).execute()
      await trx.updateTable('accounts').set({ name: 'changed' }).where('id', '=', 'committed').execute()
      const during = Promise.all([byId.first('uncommitted'), byId.first('committed')])
      assert.deepEqual(await byId.executeOn(trx, 'uncommitted'), [{ id: 'uncommitted', name: 'two' }])
      await trx.rollback().execute()
      assert.deepEqual(await during, [undefined, { id: 'committed', name: 'one' }])

      // Parameters go by position, each call its own.
      await db.insertInto('accounts').values({ id: 'second', name: 'two', created_at: 3 }).execute()
      assert.deepEqual(await Promise.all([byId.first('second'), byId.first('committed')]), [
        { id: 'second', name: 'two' },
        { id: 'committed', name: 'one' },
      ])
    } finally {
      await d.drop()
    }
  })
}
