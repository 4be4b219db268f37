import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CompiledQuery } from 'kysely'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { RepositoryContext } from '../../src/db/repositories/repository-context.js'
import { Repositories } from '../../src/db/repositories/repositories.js'
import { SeenSignatureRepository } from '../../src/db/repositories/seen-signature-repository.js'
import { SignatureReplayGuard } from '../../src/services/signature-replay-guard.js'
import { insertBareStores } from '../support/bare-stores.js'
import { testDialects } from '../support/databases.js'

// Signed creates record their signature (seen_signatures, keyed by store, expiry, signature);
// the purge drops the expired ones. Migration 021 took away the index on expires_at that every
// create wrote: the purge finds the expired rows by the primary key, one store at a time.

for (const dialect of await testDialects()) {
  test(`${dialect.name}: a purge batch drops a store's expired signatures by the primary key and keeps the rest`, async () => {
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
      let purged = 0
      for (const store of await purging.storeIds()) purged += await purging.purgeExpiredBatch(store, 500, 100)
      assert.equal(purged, 3)
      const left = await d.handle.db.selectFrom('seen_signatures').select('signature').orderBy('signature').execute()
      assert.deepEqual(
        left.map((r) => r.signature),
        ['a-edge', 'a-new', 'b-new'],
      )
      assert.equal(await repo.remember('store-a', 'a-edge', 500), false, 'a signature not yet expired is still refused')

      if (dialect.name === 'sqlite') {
        // The batch's bound and its delete, each a search of one store's range of the key.
        const statements = sent.filter((q) => q.sql.includes('seen_signatures'))
        assert.equal(statements.length, 6, statements.map((q) => q.sql).join('\n'))
        for (const q of statements) {
          const plan = await d.handle.db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` })
          const details = plan.rows.map((r) => r.detail).join(' | ')
          assert.match(details, /SEARCH seen_signatures USING PRIMARY KEY \(store_id=\? AND expires_at<\?\)/, details)
        }
      }
    } finally {
      await d.drop()
    }
  })
}

for (const dialect of await testDialects()) {
  test(`${dialect.name}: the purge works in batches of about its size, ties of one second together, a turn of the event loop apart`, async () => {
    const d = await dialect.open()
    try {
      await migrateToLatest(d.handle)
      const repos = Repositories.of(d.handle)
      const ctx: RepositoryContext = { root: d.handle.db, db: d.handle.db, dialect: d.handle.dialect, inTransaction: false }
      await insertBareStores(ctx, ['store-a', 'store-b'])
      // store-a: 10 expired signatures, 4 of them sharing one expiry (one timestamp second), and 2 alive;
      // store-b: 3 expired, 1 alive. The purge runs at 1,000.
      const rows = [
        ...[100, 200, 300, 300, 300, 300, 400, 500, 600, 700].map((e, i) => ['store-a', `a-${i}`, e] as const),
        ['store-a', 'a-alive-1', 1_000] as const,
        ['store-a', 'a-alive-2', 5_000] as const,
        ...[150, 250, 999].map((e, i) => ['store-b', `b-${i}`, e] as const),
        ['store-b', 'b-alive', 1_001] as const,
      ]
      for (const [store, sig, expires] of rows) assert.equal(await repos.seenSignatures.remember(store, sig, expires), true)

      // One batch of 3: the first three expiries (100, 200, 300) and the rest of 300's tie.
      assert.equal(await repos.seenSignatures.purgeExpiredBatch('store-a', 1_000, 3), 6)
      assert.equal(await repos.seenSignatures.purgeExpiredBatch('store-a', 1_000, 3), 3, '400, 500, 600')
      assert.equal(await repos.seenSignatures.purgeExpiredBatch('store-a', 1_000, 3), 1, 'the last one, 700: fewer than the batch')
      assert.equal(await repos.seenSignatures.purgeExpiredBatch('store-a', 1_000, 3), 0)

      for (const [store, sig, expires] of rows) await repos.seenSignatures.remember(store, sig, expires)
      let turns = 0
      let done = false
      const tick = () => {
        turns++
        if (!done) setImmediate(tick)
      }
      setImmediate(tick)
      const guard = new SignatureReplayGuard(repos, () => 1_000)
      assert.equal(await guard.purgeExpired(2), 13)
      done = true
      // store-a in batches of 2, 4 (300 with its ties), 2, 2, then none left; store-b 2, then 1:
      // a turn after each full batch.
      assert.ok(turns >= 5, `the event loop turned ${turns} times during the purge`)
      const left = await d.handle.db.selectFrom('seen_signatures').select('signature').orderBy('signature').execute()
      assert.deepEqual(
        left.map((r) => r.signature),
        ['a-alive-1', 'a-alive-2', 'b-alive'],
      )
    } finally {
      await d.drop()
    }
  })
}
