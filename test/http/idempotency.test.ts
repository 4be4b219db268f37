import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectError, expectOk } from './merchant-api-checks.js'

// DESIGN.md: POST /api/v1/payment/create honours Idempotency-Key: same key + same body → the
// first response again; same key + another body → 409. Keys are per store.

const CREATE = '/api/v1/payment/create'

for (const dialect of await testDialects()) {
  describe(`idempotency (${dialect.name})`, () => {
    let t: TestKassa
    const create = (creds: StoreCredentials, body: unknown, key?: string) =>
      t.request(creds, 'POST', CREATE, body, key === undefined ? {} : { headers: { 'Idempotency-Key': key } })
    const total = async (creds: StoreCredentials) => expectOk(await t.request(creds, 'GET', '/api/v1/payments')).pagination.total as number

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await t.close()
    })

    test('same key + same body → the identical response, one payment', async () => {
      const store = await t.createStore('USDT_TRC20')
      const key = randomUUID()
      const body = { amount: '100.00', order_id: 'IDEM-1' }
      const first = await create(store, body, key)
      const a = expectOk(first)
      t.clock.advance(10_000) // a retry comes later, with a new timestamp and signature
      const second = await create(store, body, key)
      const b = expectOk(second)
      assert.equal(second.text, first.text)
      assert.equal(b.payment_id, a.payment_id)
      assert.equal(b.amount, '100.01')
      assert.equal(await total(store), 1)
    })

    test('the replay is the first response even after the payment moved on', async () => {
      const store = await t.createStore('USDT_TRC20')
      const key = randomUUID()
      const first = await create(store, { amount: '10.00' }, key)
      const a = expectOk(first)
      await t.kassa.simulation.pay(a.payment_id)
      await t.kassa.runWorkersOnce()
      const again = await create(store, { amount: '10.00' }, key)
      assert.equal(again.text, first.text)
      assert.equal(await total(store), 1)
    })

    test('same key + another body → 409 envelope, nothing created', async () => {
      const store = await t.createStore('USDT_TRC20')
      const key = randomUUID()
      expectOk(await create(store, { amount: '100.00' }, key))
      expectError(await create(store, { amount: '200.00' }, key), 409)
      expectError(await create(store, { amount: '100.00', order_id: 'other' }, key), 409)
      assert.equal(await total(store), 1)
    })

    test('without a key, the same body creates two payments; different keys too', async () => {
      const store = await t.createStore('USDT_TRC20')
      const a = expectOk(await create(store, { amount: '5.00' }))
      const b = expectOk(await create(store, { amount: '5.00' }))
      assert.notEqual(a.payment_id, b.payment_id)
      const c = expectOk(await create(store, { amount: '5.00' }, randomUUID()))
      const d = expectOk(await create(store, { amount: '5.00' }, randomUUID()))
      assert.notEqual(c.payment_id, d.payment_id)
      assert.equal(await total(store), 4)
    })

    test('different stores may use the same key independently', async () => {
      const s1 = await t.createStore('USDT_TRC20')
      const s2 = await t.createStore('USDT_TRC20')
      const key = 'order-42'
      const a = expectOk(await create(s1, { amount: '1.00' }, key))
      const b = expectOk(await create(s2, { amount: '2.00' }, key))
      assert.notEqual(a.payment_id, b.payment_id)
      assert.equal(b.amount, '2.01')
      assert.equal(await total(s1), 1)
      assert.equal(await total(s2), 1)
      // And store 2's payment is its own: store 1 cannot see it.
      expectError(await t.request(s1, 'GET', `/api/v1/payment/${b.payment_id}`), 404)
    })

    test('a refused request does not use up the key', async () => {
      const store = await t.createStore('USDT_TRC20')
      const key = randomUUID()
      expectError(await create(store, { amount: 'abc' }, key), 400)
      const ok = expectOk(await create(store, { amount: '3.00' }, key))
      assert.equal(ok.status, 'pending')
      assert.equal(await total(store), 1)
    })

    test('a multi-currency selection is replayed with the same token', async () => {
      const store = await t.createStore('USDT_TRC20,BTC')
      const key = randomUUID()
      const first = await create(store, { amount: '50.00' }, key)
      const a = expectOk(first)
      assert.equal(a.status, 'selecting')
      const again = await create(store, { amount: '50.00' }, key)
      assert.equal(again.text, first.text)
      const selections = await t.kassa.database.db.selectFrom('selections').select('token').where('store_id', '=', store.storeId).execute()
      assert.equal(selections.length, 1)
    })

    test('concurrent requests with one key → one payment, the same response for all', async () => {
      const store = await t.createStore('USDT_TRC20')
      const key = randomUUID()
      const results = await Promise.all(Array.from({ length: 6 }, () => create(store, { amount: '77.00' }, key)))
      for (const r of results) expectOk(r)
      assert.equal(new Set(results.map((r) => r.text)).size, 1, results.map((r) => r.text).join('\n'))
      assert.equal(await total(store), 1)
    })
  })
}
