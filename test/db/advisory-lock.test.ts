import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { withAdvisoryLock } from '../../src/db/advisory-lock.js'
import { openPostgres } from '../../src/db/dialect.js'
import { testDialects } from '../support/databases.js'

for (const dialect of await testDialects()) {
  test(`advisory lock lets one worker at a time run under a name (${dialect.name})`, async () => {
    const d = await dialect.open()
    try {
      let release!: () => void
      const held = new Promise<void>((r) => {
        release = r
      })
      const first = withAdvisoryLock(d.handle, 'watch sim-tron', async () => {
        await held
        return 'first'
      })
      await new Promise((r) => setTimeout(r, 50))
      const second = await withAdvisoryLock(d.handle, 'watch sim-tron', async () => 'second')
      const other = await withAdvisoryLock(d.handle, 'watch sim-bitcoin', async () => 'other')
      release()
      assert.equal(await first, 'first')
      assert.equal(other, 'other', 'another name is not blocked')
      if (d.handle.dialect.supportsAdvisoryLocks) assert.equal(second, undefined, 'held elsewhere: skipped')
      else assert.equal(second, 'second', 'SQLite has one writer process: no lock needed')
      assert.equal(await withAdvisoryLock(d.handle, 'watch sim-tron', async () => 'again'), 'again', 'released after work')
    } finally {
      await d.drop()
    }
  })
}

const postgres = (await testDialects()).find((d) => d.name === 'postgres')
test('more locked tasks than the pool has connections: each still gets a connection for its work (postgres)', {
  skip: postgres ? false : 'PostgreSQL is not reachable',
}, async () => {
  const d = await postgres!.open()
  const small = await openPostgres(d.databaseUrl!, 2)
  try {
    // Before the lock pool, four holders took both connections and their queries waited forever.
    const names = ['watch a', 'watch b', 'watch c', 'watch d']
    const results = await Promise.race([
      Promise.all(
        names.map((n) =>
          withAdvisoryLock(small, n, async () => {
            await new Promise((r) => setTimeout(r, 20))
            return (await sql<{ n: number }>`select 1 as n`.execute(small.db)).rows[0]?.n
          }),
        ),
      ),
      new Promise((_, reject) => setTimeout(() => reject(new Error('locked tasks starved their own work')), 5000)),
    ])
    // Two lock connections: two tasks run, the others wait for one and then run too.
    assert.deepEqual(results, [1, 1, 1, 1])
  } finally {
    await small.close()
    await d.drop()
  }
})
