import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { UUID, assertRaw, expectOk, isoAt } from './merchant-api-checks.js'

// Seed status `queued` (USDTスロット使用中); DESIGN.md: when every unique-amount offset for an
// address and amount is held, the payment is queued until one frees, then pending with a fresh
// expires_at. Two slots per amount here, so the third payment of one amount queues.

for (const dialect of await testDialects()) {
  describe(`queued payments (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    const create = async (body: unknown) => expectOk(await t.request(store, 'POST', '/api/v1/payment/create', body))
    const get = (id: string) => t.request(store, 'GET', `/api/v1/payment/${id}`)

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_UNIQUE_AMOUNT_SLOTS: '2' } })
      store = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    test('the third payment of one amount queues, and becomes pending with a fresh expiry once a slot frees', async () => {
      const a = await create({ amount: '100.00' })
      const b = await create({ amount: '100.00' })
      assert.deepEqual([a.amount, b.amount], ['100.01', '100.02'])
      const q = await create({ amount: '100.00' })
      assert.match(q.payment_id, UUID)
      assert.equal(q.status, 'queued')

      const qr = await get(q.payment_id)
      const qs = expectOk(qr)
      assert.equal(qs.status, 'queued')
      assert.equal(qs.amount_with_cents, null)
      assertRaw(qr.text, 'amount_requested', '100.00')
      const listed = expectOk(await t.request(store, 'GET', '/api/v1/payments?status=queued'))
      assert.deepEqual(
        listed.payments.map((p: { payment_id: string }) => p.payment_id),
        [q.payment_id],
      )

      // Another amount is not affected.
      assert.equal((await create({ amount: '50.00' })).status, 'pending')

      t.clock.advance(10 * 60_000)
      const freedAt = t.clock.now()
      await t.kassa.simulation.pay(a.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(19)
      await t.kassa.runWorkersOnce()
      const nr = await get(q.payment_id)
      const ns = expectOk(nr)
      assert.equal(ns.status, 'pending')
      assertRaw(nr.text, 'amount_with_cents', '100.01')
      assert.equal(ns.expires_at, isoAt(freedAt + 30 * 60_000))
    })
  })
}
