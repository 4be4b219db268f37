import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { STATUS_FIELDS, expectError, expectOk } from './merchant-api-checks.js'

// Seed 決済一覧: GET /api/v1/payments, page (default 1), per_page 1–100 (default 20), status and
// currency filters; newest first, `data.payments` and `data.pagination`.

const USDT_COUNT = 21
const BTC_COUNT = 3

for (const dialect of await testDialects()) {
  describe(`list payments (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    /** Payment ids in creation order (oldest first). */
    const created: string[] = []
    const btcIds: string[] = []
    let completedId: string
    const list = (query = '') => t.request(store, 'GET', `/api/v1/payments${query}`)
    const newestFirst = () => [...created].reverse()

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20,BTC')
      // One second apart, so "newest first" is well defined.
      for (let i = 0; i < USDT_COUNT + BTC_COUNT; i++) {
        const btc = i >= USDT_COUNT
        const body = btc
          ? { amount: '0.001', currency: 'BTC', order_id: `O-${i}` }
          : { amount: '10.00', currency: 'USDT_TRC20', order_id: `O-${i}` }
        const p = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', body))
        created.push(p.payment_id)
        if (btc) btcIds.push(p.payment_id)
        t.clock.advance(1000)
      }
      // Another store's payment must never show up here.
      const other = await t.createStore('USDT_TRC20,BTC')
      expectOk(await t.request(other, 'POST', '/api/v1/payment/create', { amount: '10.00', currency: 'USDT_TRC20' }))
      // Complete the third payment.
      completedId = created[2]!
      await t.kassa.simulation.pay(completedId)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(19)
      await t.kassa.runWorkersOnce()
    })
    after(async () => {
      await t.close()
    })

    test('defaults: page 1, per_page 20, newest first, pagination as numbers', async () => {
      const r = await list()
      const d = expectOk(r)
      assert.deepEqual(Object.keys(d).sort(), ['pagination', 'payments'])
      assert.ok(Array.isArray(d.payments))
      assert.equal(d.payments.length, 20)
      assert.deepEqual(
        d.payments.map((p: { payment_id: string }) => p.payment_id),
        newestFirst().slice(0, 20),
      )
      assert.deepEqual(d.pagination, { page: 1, per_page: 20, total: USDT_COUNT + BTC_COUNT, total_pages: 2 })
      assert.ok(
        r.text.includes(`"pagination":{"page":1,"per_page":20,"total":${USDT_COUNT + BTC_COUNT},"total_pages":2}`),
        r.text.slice(-200),
      )
    })

    test('each item is the status object of that payment', async () => {
      const d = expectOk(await list('?per_page=3'))
      for (const item of d.payments) {
        for (const f of STATUS_FIELDS) assert.ok(Object.hasOwn(item, f), `missing ${f}`)
        const one = expectOk(await t.request(store, 'GET', `/api/v1/payment/${item.payment_id}`))
        assert.deepEqual(item, one)
      }
    })

    test('page 2 holds the rest; a page past the end is empty with the same total', async () => {
      const d2 = expectOk(await list('?page=2'))
      assert.deepEqual(
        d2.payments.map((p: { payment_id: string }) => p.payment_id),
        newestFirst().slice(20),
      )
      assert.deepEqual(d2.pagination, { page: 2, per_page: 20, total: USDT_COUNT + BTC_COUNT, total_pages: 2 })
      const d9 = expectOk(await list('?page=9'))
      assert.deepEqual(d9.payments, [])
      assert.equal(d9.pagination.total, USDT_COUNT + BTC_COUNT)
    })

    test('per_page 1, 5 and 100', async () => {
      const one = expectOk(await list('?per_page=1'))
      assert.deepEqual(
        one.payments.map((p: { payment_id: string }) => p.payment_id),
        [created.at(-1)],
      )
      assert.deepEqual(one.pagination, { page: 1, per_page: 1, total: USDT_COUNT + BTC_COUNT, total_pages: USDT_COUNT + BTC_COUNT })
      const five = expectOk(await list('?page=2&per_page=5'))
      assert.deepEqual(
        five.payments.map((p: { payment_id: string }) => p.payment_id),
        newestFirst().slice(5, 10),
      )
      assert.equal(five.pagination.total_pages, 5)
      const all = expectOk(await list('?per_page=100'))
      assert.equal(all.payments.length, USDT_COUNT + BTC_COUNT)
      assert.equal(all.pagination.total_pages, 1)
    })

    for (const q of [
      'page=0',
      'page=-1',
      'page=abc',
      'page=1.5',
      'page=',
      'page=1e2',
      'per_page=0',
      'per_page=101',
      'per_page=-5',
      'per_page=abc',
      'per_page=1000',
      'page=1&page=2',
    ]) {
      test(`?${q} → 400`, async () => {
        expectError(await list(`?${q}`), 400)
      })
    }

    test('status=completed lists only the completed payment', async () => {
      const d = expectOk(await list('?status=completed'))
      assert.deepEqual(
        d.payments.map((p: { payment_id: string }) => p.payment_id),
        [completedId],
      )
      assert.equal(d.payments[0].status, 'completed')
      assert.equal(d.pagination.total, 1)
      assert.equal(d.pagination.total_pages, 1)
    })

    test('status=pending lists the others', async () => {
      const d = expectOk(await list('?status=pending&per_page=100'))
      assert.equal(d.pagination.total, USDT_COUNT + BTC_COUNT - 1)
      assert.ok(d.payments.every((p: { status: string }) => p.status === 'pending'))
      assert.ok(!d.payments.some((p: { payment_id: string }) => p.payment_id === completedId))
    })

    test('currency=BTC lists only BTC payments; a currency the store has no payments in → empty', async () => {
      const d = expectOk(await list('?currency=BTC'))
      assert.deepEqual(
        d.payments.map((p: { payment_id: string }) => p.payment_id),
        [...btcIds].reverse(),
      )
      assert.ok(d.payments.every((p: { currency: string }) => p.currency === 'BTC'))
      assert.equal(d.pagination.total, BTC_COUNT)
      const eth = expectOk(await list('?currency=ETH'))
      assert.deepEqual(eth.payments, [])
      assert.deepEqual(eth.pagination, { page: 1, per_page: 20, total: 0, total_pages: 0 })
    })

    test('status and currency combine', async () => {
      const d = expectOk(await list('?status=completed&currency=USDT_TRC20'))
      assert.equal(d.pagination.total, 1)
      const none = expectOk(await list('?status=completed&currency=BTC'))
      assert.equal(none.pagination.total, 0)
    })

    for (const q of ['status=bogus', 'status=', 'currency=DOGE', 'foo=1', 'store_id=x']) {
      test(`?${q} → 400`, async () => {
        expectError(await list(`?${q}`), 400)
      })
    }

    test('a store with no payments: empty list, total 0', async () => {
      const empty = await t.createStore('USDT_TRC20')
      const d = expectOk(await t.request(empty, 'GET', '/api/v1/payments'))
      assert.deepEqual(d, { payments: [], pagination: { page: 1, per_page: 20, total: 0, total_pages: 0 } })
    })
  })
}
