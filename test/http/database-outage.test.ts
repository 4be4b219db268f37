import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectOk } from './merchant-api-checks.js'

// PostgreSQL only: a server restart, a failover or an idle-session timeout closes the pool's
// idle connections from the server side. The Merchant API must keep answering afterwards
// (node-postgres: a Pool without an 'error' listener turns that into an uncaught exception).

const postgres = (await testDialects()).find((d) => d.name === 'postgres')

if (postgres) {
  describe('database connections dropped by the server (postgres)', () => {
    let t: TestKassa
    let store: StoreCredentials

    before(async () => {
      t = await startTestKassa(postgres)
      store = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    test('after PostgreSQL terminates the idle pool connections, the API still answers', async () => {
      // Several requests at once, so the pool holds more than one idle connection.
      await Promise.all(Array.from({ length: 4 }, () => t.request(store, 'GET', '/api/v1/payments')))
      const url = new URL(t.database.databaseUrl!)
      const dbName = url.pathname.slice(1)
      url.pathname = '/postgres'
      // Outside a test runner an uncaught exception ends the process; record any here.
      const uncaught: unknown[] = []
      const record = (err: unknown) => uncaught.push(err)
      process.on('uncaughtException', record)
      const admin = new pg.Client({ connectionString: url.toString() })
      await admin.connect()
      try {
        const r = await admin.query(
          'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [dbName],
        )
        assert.ok(r.rows.length > 0, 'the pool had connections to terminate')
      } finally {
        await admin.end()
      }
      try {
        await sleep(300)
        expectOk(await t.request(store, 'GET', '/api/v1/payments'))
        expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00' }))
      } finally {
        process.off('uncaughtException', record)
      }
      assert.deepEqual(
        uncaught.map((e) => (e instanceof Error ? e.message : String(e))),
        [],
        'dropped idle connections raised uncaught exceptions: a real Kassa process would have exited',
      )
    })
  })
}
