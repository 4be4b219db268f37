import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { openPostgres } from '../../src/db/dialect.js'
import { testDialects } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'
import { sign, signedRequest } from '../support/signed-client.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectError, expectOk } from './merchant-api-checks.js'

// Issue 16, defect 12: a signed create sent three times within the ±300 s window made three
// payments. A state-changing request is now accepted once per signature, on every instance
// sharing the database; GETs may be replayed, and Idempotency-Key still answers re-signed retries.

const CREATE = '/api/v1/payment/create'

for (const dialect of await testDialects()) {
  describe(`signature replay (${dialect.name})`, () => {
    let a: TestKassa
    let b: TestKassa
    let second: TestDatabase

    before(async () => {
      // Instances of one install share the master key, which opens the stores' secrets.
      const env = { KASSA_MASTER_KEY: randomBytes(32).toString('base64') }
      a = await startTestKassa(dialect, { env })
      // A second instance over the same database: its own pools on PostgreSQL, as a second
      // process would have; the same handle on SQLite, whose in-memory database is per handle.
      second =
        dialect.name === 'postgres'
          ? await (async () => {
              const handle = await openPostgres(a.database.databaseUrl!, 5, () => undefined)
              return { handle, databaseUrl: a.database.databaseUrl, drop: () => handle.close() }
            })()
          : a.database
      b = await startTestKassa(dialect, { env }, second)
    })
    after(async () => {
      await b.close()
      if (second !== a.database) await second.drop()
      await a.close()
    })

    const total = async (t: TestKassa, creds: StoreCredentials) =>
      expectOk(await t.request(creds, 'GET', '/api/v1/payments')).pagination.total as number
    const nowSeconds = () => Math.floor(a.clock.now() / 1000)

    test('the same signed create sent three times makes one payment; the others are refused in the envelope', async () => {
      const store = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      const body = { amount: '100.00', order_id: 'ORDER-1' }
      const first = expectOk(await a.request(store, 'POST', CREATE, body, { timestamp }))
      for (let i = 0; i < 2; i++) {
        const error = expectError(await a.request(store, 'POST', CREATE, body, { timestamp }), 403)
        assert.match(error, /already used/)
      }
      assert.equal(await total(a, store), 1)
      const list = expectOk(await a.request(store, 'GET', '/api/v1/payments'))
      assert.equal(list.payments[0].payment_id, first.payment_id)
    })

    test('the signature in upper case is the same signature', async () => {
      const store = await a.createStore('USDT_TRC20')
      const timestamp = String(nowSeconds())
      const body = JSON.stringify({ amount: '3.00' })
      const signature = sign(store.apiSecret, timestamp, 'POST', CREATE, body)
      expectOk(await a.request(store, 'POST', CREATE, body, { headers: { 'X-Timestamp': timestamp, 'X-Signature': signature } }))
      const upper = { 'X-Timestamp': timestamp, 'X-Signature': signature.toUpperCase() }
      expectError(await a.request(store, 'POST', CREATE, body, { headers: upper }), 403)
      assert.equal(await total(a, store), 1)
    })

    test('the same body signed again with a new timestamp is a new request', async () => {
      const store = await a.createStore('USDT_TRC20')
      const body = { amount: '7.00' }
      const p1 = expectOk(await a.request(store, 'POST', CREATE, body, { timestamp: nowSeconds() }))
      const p2 = expectOk(await a.request(store, 'POST', CREATE, body, { timestamp: nowSeconds() - 1 }))
      assert.notEqual(p1.payment_id, p2.payment_id)
      assert.equal(await total(a, store), 2)
    })

    test('a signature is per store: two stores may send the same signature-free text', async () => {
      // Different secrets make different signatures; the cache is keyed by store as well.
      const s1 = await a.createStore('USDT_TRC20')
      const s2 = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      expectOk(await a.request(s1, 'POST', CREATE, { amount: '1.00' }, { timestamp }))
      expectOk(await a.request(s2, 'POST', CREATE, { amount: '1.00' }, { timestamp }))
    })

    test('a GET may be replayed: polling twice within one second signs both polls alike', async () => {
      const store = await a.createStore('USDT_TRC20')
      const created = expectOk(await a.request(store, 'POST', CREATE, { amount: '2.00' }))
      const timestamp = nowSeconds()
      for (let i = 0; i < 3; i++) {
        const status = expectOk(await a.request(store, 'GET', `/api/v1/payment/${created.payment_id}`, undefined, { timestamp }))
        assert.equal(status.payment_id, created.payment_id)
      }
    })

    test('Idempotency-Key: an exact replay is refused, a re-signed retry gets the first answer', async () => {
      const store = await a.createStore('USDT_TRC20')
      const headers = { 'Idempotency-Key': randomUUID() }
      const body = { amount: '12.00', order_id: 'IDEM-REPLAY' }
      const timestamp = nowSeconds()
      const first = await a.request(store, 'POST', CREATE, body, { timestamp, headers })
      expectOk(first)
      expectError(await a.request(store, 'POST', CREATE, body, { timestamp, headers }), 403)
      a.clock.advance(5_000)
      const retry = await a.request(store, 'POST', CREATE, body, { headers })
      assert.equal(retry.text, first.text)
      assert.equal(retry.headers.get('idempotent-replayed'), 'true')
      assert.equal(await total(a, store), 1)
    })

    test('a replay sent to another instance on the same database is refused', async () => {
      const store = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      const body = JSON.stringify({ amount: '50.00', order_id: 'ORDER-X' })
      expectOk(await signedRequest(a.baseUrl, store, 'POST', CREATE, body, { timestamp }))
      expectError(await signedRequest(b.baseUrl, store, 'POST', CREATE, body, { timestamp }), 403)
      assert.equal(await total(b, store), 1)
    })

    test('the same signed create sent to two instances at once makes exactly one payment', async () => {
      const store = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      const body = JSON.stringify({ amount: '60.00', order_id: 'ORDER-RACE' })
      const answers = await Promise.all([a, b, a, b, a, b].map((t) => signedRequest(t.baseUrl, store, 'POST', CREATE, body, { timestamp })))
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 403, 403, 403, 403, 403])
      for (const r of answers) if (r.status === 403) expectError(r, 403)
      assert.equal(await total(a, store), 1)
    })

    test('a create refused for its content has used its signature: sent again it is a replay, nothing is made', async () => {
      // The create records its signature inside its own transaction (issue 17); what fails
      // before that transaction, or inside it, records it on the way out.
      const store = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      const refusals = [
        { body: { amount: '-1.00' }, status: 400 }, // refused by the service, before its transaction
        { body: { amount: '1.00', currency: 'BTC' }, status: 400 }, // a currency the store does not take
        { body: { order_id: 'no amount' }, status: 400 },
        { body: { amount: '1.00', unknown_field: 1 }, status: 400 }, // refused by the body schema
      ]
      for (const r of refusals) {
        const first = await a.request(store, 'POST', CREATE, r.body, { timestamp })
        assert.equal(first.status, r.status, `${JSON.stringify(r.body)}: ${first.text}`)
        const again = await a.request(store, 'POST', CREATE, r.body, { timestamp })
        assert.match(expectError(again, 403), /already used/, JSON.stringify(r.body))
      }
      assert.equal(await total(a, store), 0)
    })

    test('a refused signature is not recorded: a forged request cannot spend the real one', async () => {
      const store = await a.createStore('USDT_TRC20')
      const timestamp = nowSeconds()
      const body = JSON.stringify({ amount: '4.00' })
      const real = sign(store.apiSecret, String(timestamp), 'POST', CREATE, body)
      const forged = { 'X-Timestamp': String(timestamp), 'X-Signature': real, 'X-Api-Key': 'unknown-key' }
      expectError(await a.request(store, 'POST', CREATE, body, { headers: forged }), 401)
      expectOk(await a.request(store, 'POST', CREATE, body, { timestamp }))
    })

    test('seen signatures are purged once their timestamp can no longer pass, and not before', async () => {
      const store = await a.createStore('USDT_TRC20')
      expectOk(await a.request(store, 'POST', CREATE, { amount: '9.00' }))
      const before = await a.kassa.repos.seenSignatures.count()
      assert.ok(before > 0)
      await a.kassa.signatures.purgeExpired()
      assert.equal(await a.kassa.repos.seenSignatures.count(), before, 'nothing expires within the window')
      a.clock.advance(11 * 60_000)
      await a.kassa.signatures.purgeExpired()
      assert.equal(await a.kassa.repos.seenSignatures.count(), 0)
    })
  })
}
