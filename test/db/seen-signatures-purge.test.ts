import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CompiledQuery } from 'kysely'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { RepositoryContext } from '../../src/db/repositories/repository-context.js'
import { SeenSignatureRepository } from '../../src/db/repositories/seen-signature-repository.js'
import { insertBareStores } from '../support/bare-stores.js'
import { testDialects } from '../support/databases.js'

// Signed creates record their signature (seen_signatures, keyed by store, expiry, signature);
// the purge drops the expired ones. Migration 021 took away the index on expires_at that every
// create wrote: the purge finds the expired rows by the primary key, one store at a time.

for (const dialect of await testDialects()) {
  test(`${dialect.name}: the purge drops every store's expired signatures by the primary key and keeps the rest`, async () => {
    const d = await dialect.open()
    try {
      await migrateToLatest(d.handle)
      const ctx: RepositoryContext = { root: d.handle.db, db: d.handle.db, dialect: d.handle.dialect, inTransaction: false }
      await insertBareStores(ctx, ['store-a', 'store-b', 'store-c'])
      const repo = new SeenSignatureRepository(ctx)
      for (const [store, sig, expires] of [
        ['store-a', 'a-old', 100],
        ['store-a', 'a-edge', 500],
        ['store-a', 'a-new', 900],
        ['store-b', 'b-old', 200],
        ['store-b', 'b-new', 1_000],
        ['store-c', 'c-old', 499],
      ] as const) {
        assert.equal(await repo.remember(store, sig, expires), true)
      }
      assert.equal(await repo.remember('store-a', 'a-old', 100), false, 'a second record of the same signature is refused')

      // The statement exactly as the repository sends it, compiled as it passes the plugin stage.
      const sent: CompiledQuery[] = []
      const executor = d.handle.db.getExecutor()
      const catching = d.handle.db.withPlugin({
        transformQuery: (args) => {
          sent.push(executor.compileQuery(args.node, args.queryId))
          return args.node
        },
        transformResult: async (args) => args.result,
      })
      const purging = new SeenSignatureRepository({ ...ctx, db: catching })
      assert.equal(await purging.purgeExpired(500), 3)
      const left = await d.handle.db.selectFrom('seen_signatures').select('signature').orderBy('signature').execute()
      assert.deepEqual(
        left.map((r) => r.signature),
        ['a-edge', 'a-new', 'b-new'],
      )
      assert.equal(await repo.remember('store-a', 'a-edge', 500), false, 'a signature not yet expired is still refused')

      if (dialect.name === 'sqlite') {
        const q = sent[0] as CompiledQuery
        const plan = await d.handle.db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` })
        const details = plan.rows.map((r) => r.detail).join(' | ')
        assert.match(details, /SEARCH seen_signatures USING PRIMARY KEY \(store_id=\? AND expires_at<\?\)/, details)
      }
    } finally {
      await d.drop()
    }
  })
}
