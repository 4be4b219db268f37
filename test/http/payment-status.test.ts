import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { ISO_SECONDS, STATUS_FIELDS, TRON_ADDRESS, assertRaw, expectError, expectOk, isoAt } from './merchant-api-checks.js'

// Seed 決済ステータス: GET /api/v1/payment/{payment_id}; amounts are JSON numbers written with
// their exact decimal text; a store sees only its own payments.

for (const dialect of await testDialects()) {
  describe(`payment status (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let other: StoreCredentials
    const create = async (creds: StoreCredentials, body: unknown) =>
      expectOk(await t.request(creds, 'POST', '/api/v1/payment/create', body))
    const get = (creds: StoreCredentials, id: string) => t.request(creds, 'GET', `/api/v1/payment/${id}`)

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20')
      other = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    test("own payment: 200 with every seed field, in the seed's JSON types", async () => {
      const createdAt = t.clock.now()
      const p = await create(store, { amount: '100.00', order_id: 'ORDER-123' })
      const r = await get(store, p.payment_id)
      const d = expectOk(r)
      for (const f of STATUS_FIELDS) assert.ok(Object.hasOwn(d, f), `missing ${f}: ${r.text}`)
      assert.equal(d.payment_id, p.payment_id)
      assert.equal(d.order_id, 'ORDER-123')
      assert.equal(d.status, 'pending')
      assert.equal(d.amount_requested, 100)
      assert.equal(d.amount_with_cents, Number(p.amount))
      assert.equal(d.amount_received, 0)
      assertRaw(r.text, 'amount_requested', '100.00')
      assertRaw(r.text, 'amount_with_cents', p.amount)
      assertRaw(r.text, 'amount_received', '0.00')
      assert.equal(d.currency, 'USDT_TRC20')
      assert.equal(d.pay_address, p.pay_address)
      assert.match(d.pay_address, TRON_ADDRESS)
      assert.equal(d.tx_hash, null)
      assert.equal(d.confirmations, 0)
      assertRaw(r.text, 'confirmations', '0')
      assert.equal(d.confirmed_at, null)
      assert.match(d.expires_at, ISO_SECONDS)
      assert.equal(d.expires_at, p.expires_at)
      assert.equal(d.created_at, isoAt(createdAt))
    })

    test('order_id absent → null', async () => {
      const p = await create(store, { amount: '3.00' })
      const r = await get(store, p.payment_id)
      assert.equal(expectOk(r).order_id, null)
      assertRaw(r.text, 'order_id', 'null')
    })

    // The status must give back the very string sent; refusing an odd order_id with a 400 is
    // acceptable, a 500 or a changed value (a number, say) is not.
    for (const [name, orderId] of [
      ['NUL-wrapped digits', '\u00001\u0000'],
      ['a NUL inside text', 'A\u0000B'],
      ['quotes and backslashes', 'a"b\\c'],
      ['unicode and emoji', '注文-１２３ 😀'],
      ['leading zeros', '0042'],
    ] as const) {
      test(`order_id with ${name} is echoed as the exact string sent`, async () => {
        const r = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '2.00', order_id: orderId })
        if (r.status === 400) {
          expectError(r, 400)
          return
        }
        const p = expectOk(r)
        const s = expectOk(await get(store, p.payment_id))
        assert.equal(typeof s.order_id, 'string', `order_id ${JSON.stringify(orderId)} came back as ${JSON.stringify(s.order_id)}`)
        assert.equal(s.order_id, orderId)
      })
    }

    test("another store's payment → 404, while its owner sees it", async () => {
      const p = await create(other, { amount: '5.00' })
      expectOk(await get(other, p.payment_id))
      expectError(await get(store, p.payment_id), 404)
    })

    for (const [name, id] of [
      ['an unknown UUID', randomUUID()],
      ['a garbage id', 'not-a-uuid'],
      ['id "0"', '0'],
      ['an SQL-looking id', "1'%20OR%20'1'='1"],
      ['an upper-case unknown UUID', 'ABCDEF00-0000-0000-0000-000000000000'],
    ] as const) {
      test(`${name} → 404`, async () => {
        expectError(await get(store, id), 404)
      })
    }

    // Control characters are refused at the edge, before any lookup (issue 16).
    for (const [name, id] of [
      ['a NUL byte (%00)', '%00'],
      ['an id with a NUL byte inside a UUID', `${randomUUID().slice(0, 8)}%00`],
    ] as const) {
      test(`${name} → 400 naming the control character`, async () => {
        assert.match(expectError(await get(store, id), 400), /control characters/)
      })
    }

    test('a 300-character id → 404 (or 400) in the Merchant API envelope', async () => {
      const r = await get(store, 'x'.repeat(300))
      assert.ok(r.status === 404 || r.status === 400, `expected 404 or 400, got ${r.status}: ${r.text}`)
      expectError(r, r.status)
    })

    test("an id in upper case is not another store's way in: 404 or the same payment", async () => {
      const p = await create(store, { amount: '4.00' })
      const r = await get(store, String(p.payment_id).toUpperCase())
      if (r.status === 200) assert.equal(expectOk(r).payment_id, p.payment_id)
      else expectError(r, 404)
    })

    test('pending → confirming with tx_hash → completed after 19 confirmations, confirmed_at then', async () => {
      const p = await create(store, { amount: '100.00' })
      const sent = await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      let r = await get(store, p.payment_id)
      let d = expectOk(r)
      assert.equal(d.status, 'confirming')
      assert.equal(d.tx_hash, sent.txHash)
      assert.equal(typeof d.tx_hash, 'string')
      assert.equal(d.amount_received, Number(p.amount))
      assertRaw(r.text, 'amount_received', p.amount)
      assert.equal(d.confirmed_at, null)

      await t.kassa.simulation.mine(18)
      await t.kassa.runWorkersOnce()
      d = expectOk(await get(store, p.payment_id))
      assert.equal(d.status, 'confirming', 'TRON needs 19 confirmations (DESIGN.md)')
      assert.equal(d.confirmations, 18)

      t.clock.advance(90_000)
      const completedAt = t.clock.now()
      await t.kassa.simulation.mine(1)
      await t.kassa.runWorkersOnce()
      r = await get(store, p.payment_id)
      d = expectOk(r)
      assert.equal(d.status, 'completed')
      assert.equal(d.confirmations, 19)
      assert.equal(typeof d.confirmations, 'number')
      assert.match(d.confirmed_at, ISO_SECONDS)
      assert.equal(d.confirmed_at, isoAt(completedAt))
      assert.equal(d.tx_hash, sent.txHash)
      assertRaw(r.text, 'amount_received', p.amount)
    })

    test('an unpaid payment past its expiry → expired', async () => {
      const p = await create(store, { amount: '8.00' })
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      const d = expectOk(await get(store, p.payment_id))
      assert.equal(d.status, 'expired')
      assert.equal(d.amount_received, 0)
    })

    test('BTC: overpaid, and a partial payment ends underpaid at expiry; amounts with 8 decimals', async () => {
      const btc = await t.createStore('BTC')
      const over = await create(btc, { amount: '0.005' })
      const part = await create(btc, { amount: '0.005' })
      await t.kassa.simulation.pay(over.payment_id, '0.006')
      await t.kassa.simulation.pay(part.payment_id, '0.002')
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(2)
      await t.kassa.runWorkersOnce()
      const r = await get(btc, over.payment_id)
      assert.equal(expectOk(r).status, 'overpaid')
      assertRaw(r.text, 'amount_requested', '0.00500000')
      assertRaw(r.text, 'amount_received', '0.00600000')
      assert.notEqual(expectOk(await get(btc, part.payment_id)).status, 'completed')
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      const u = await get(btc, part.payment_id)
      assert.equal(expectOk(u).status, 'underpaid')
      assertRaw(u.text, 'amount_received', '0.00200000')
    })
  })
}
