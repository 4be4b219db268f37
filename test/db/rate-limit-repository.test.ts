import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/db/migrate.js'
import { Repositories } from '../../src/db/repositories/repositories.js'
import { testDialects } from '../support/databases.js'

// The shared rate-limit counters (issue 16, defect 8): a fixed window per key, counted with one
// atomic upsert, so concurrent hits (on PostgreSQL from several connections, as several
// instances would) each count exactly once; ended windows restart and are purged.
for (const dialect of await testDialects()) {
  describe(`rate-limit counters (${dialect.name})`, () => {
    const withRepos = async (fn: (repos: Repositories) => Promise<void>) => {
      const d = await dialect.open()
      try {
        await migrateToLatest(d.handle)
        await fn(Repositories.of(d.handle))
      } finally {
        await d.drop()
      }
    }

    test('hits count up within the window and start again at 1 once it has ended', () =>
      withRepos(async (repos) => {
        const t0 = 1_700_000_000_000
        assert.deepEqual(await repos.rateLimits.hit('a', 60_000, t0), { hits: 1, windowEndsAt: t0 + 60_000 })
        assert.deepEqual(await repos.rateLimits.hit('a', 60_000, t0 + 10), { hits: 2, windowEndsAt: t0 + 60_000 })
        assert.deepEqual(await repos.rateLimits.hit('b', 60_000, t0 + 20), { hits: 1, windowEndsAt: t0 + 60_020 })
        assert.deepEqual(await repos.rateLimits.hit('a', 60_000, t0 + 59_999), { hits: 3, windowEndsAt: t0 + 60_000 })
        assert.deepEqual(await repos.rateLimits.hit('a', 60_000, t0 + 60_000), { hits: 1, windowEndsAt: t0 + 120_000 })
      }))

    test('concurrent hits each count once: the counts are exactly 1..n', () =>
      withRepos(async (repos) => {
        const t0 = 1_700_000_000_000
        const n = 60
        const hits = await Promise.all(Array.from({ length: n }, () => repos.rateLimits.hit('busy', 60_000, t0)))
        assert.deepEqual(
          hits.map((h) => h.hits).sort((x, y) => x - y),
          Array.from({ length: n }, (_, i) => i + 1),
        )
      }))

    test('purgeExpired drops only the windows that have ended', () =>
      withRepos(async (repos) => {
        const t0 = 1_700_000_000_000
        await repos.rateLimits.hit('old', 1_000, t0)
        await repos.rateLimits.hit('new', 60_000, t0)
        assert.equal(await repos.rateLimits.purgeExpired(t0 + 1_000), 1)
        assert.equal(await repos.rateLimits.purgeExpired(t0 + 1_000), 0)
        // 'new' kept its count; 'old' starts afresh.
        assert.equal((await repos.rateLimits.hit('new', 60_000, t0 + 2_000)).hits, 2)
        assert.equal((await repos.rateLimits.hit('old', 1_000, t0 + 2_000)).hits, 1)
      }))

    if (dialect.name === 'postgres') {
      test('the table is unlogged: a counter commit waits for no WAL flush', async () => {
        const d = await dialect.open()
        try {
          await migrateToLatest(d.handle)
          const r = await sql<{ p: string }>`select relpersistence as p from pg_class where relname = 'rate_limit_counters'`.execute(
            d.handle.db,
          )
          assert.equal(r.rows[0]?.p, 'u')
        } finally {
          await d.drop()
        }
      })
    }
  })
}
