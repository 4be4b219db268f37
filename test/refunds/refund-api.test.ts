import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { expectError, expectOk, ISO_SECONDS, UUID } from '../http/merchant-api-checks.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { BUYER_BTC, BUYER_ETH, completedEthPayment, expectCreated, refund, settle } from './refund-helpers.js'

// POST /api/v1/payment/{id}/refund and GET …/refunds (Kassa extension, docs/API.md "Refunds").

for (const dialect of await testDialects()) {
  describe(`refunds on the Merchant API (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    const balance = async () => expectOk(await t.request(store, 'GET', '/api/v1/merchant/balance')).ETH

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('ETH', { commissionBp: 0 })
    })
    after(async () => {
      await t.close()
    })

    test('every field checked: amount, address, reason, unknown fields, the payment; nothing written on refusal', async () => {
      const id = await completedEthPayment(t, store)
      const cases: [unknown, number, RegExp][] = [
        [{ amount: 'abc' }, 400, /amount must be a positive decimal/],
        [{ amount: '-1' }, 400, /amount must be a positive decimal/],
        [{ amount: '0' }, 400, /amount must be greater than zero/],
        [{ amount: '0.1234567890123456789' }, 400, /more than 18 decimal places/],
        [{ amount: 0.5 }, 400, /amount must be a string/],
        [{ amount: '1.5' }, 409, /more than the 1(\.0+)? ETH still refundable/],
        [{ address: 42 }, 400, /address must be a string/],
        [{ address: '' }, 400, /address must (NOT have fewer|be)/],
        [{ address: 'not-an-address' }, 400, /not-an-address is not a valid address .* on sim-ethereum/],
        [{ address: BUYER_BTC }, 400, /is not a valid address .* on sim-ethereum/],
        [{ address: BUYER_ETH.toLowerCase().replace('0x8b', '0x8B') }, 400, /checksum/],
        [{ reason: 'x'.repeat(501) }, 400, /reason must be a text of at most 500 characters/],
        [{ reason: 7 }, 400, /reason must be a string/],
        [{ refund_all: true }, 400, /Unknown field refund_all/],
        ['[1]', 400, /Request body must be an object/],
      ]
      for (const [body, status, message] of cases) {
        const r = await refund(t, store, id, body)
        assert.match(expectError(r, status), message, JSON.stringify(body))
      }
      assert.match(expectError(await refund(t, store, '0192aaaa-0000-7000-8000-000000000000', {}), 404), /not found/)
      assert.match(expectError(await refund(t, store, 'nope', {}), 404), /not found/)
      const other = await t.createStore('ETH')
      expectError(await refund(t, other, id, {}), 404)
      const list = expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}/refunds`))
      assert.deepEqual(list.refunds, [], 'no refusal left a refund behind')
      assert.equal(list.amount_refundable, '1.00000000')
    })

    test('both routes are in the OpenAPI document, marked as Kassa extensions', async () => {
      const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, { summary?: string }>> }
      assert.match(doc.paths['/api/v1/payment/{payment_id}/refund']?.post?.summary ?? '', /Kassa extension/)
      assert.match(doc.paths['/api/v1/payment/{payment_id}/refunds']?.get?.summary ?? '', /Kassa extension/)
    })

    test('unsigned or wrongly signed: the Merchant API’s own 401 and 403', async () => {
      const id = await completedEthPayment(t, store)
      const r = await fetch(`${t.baseUrl}/api/v1/payment/${id}/refund`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      assert.equal(r.status, 401)
      const bad = await t.request({ ...store, apiSecret: 'wrong' }, 'POST', `/api/v1/payment/${id}/refund`, {})
      expectError(bad, 403)
    })

    test('a payment not yet paid, or expired, cannot be refunded (409 with the reason)', async () => {
      const p = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1', currency: 'ETH' }))
      assert.match(expectError(await refund(t, store, p.payment_id, {}), 409), /is pending: only completed, overpaid and underpaid/)
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      assert.match(expectError(await refund(t, store, p.payment_id, {}), 409), /is confirming/)
    })

    test('a completed payment marked invalid (a cancelled order) reads expired and can still be refunded', async () => {
      const { resolvePayment } = await import('../../src/services/payments/resolve-payment.js')
      const id = await completedEthPayment(t, store, '0.2')
      await resolvePayment(t.kassa.deps, { paymentId: id, storeId: store.storeId, kind: 'invalid', reason: 'Order cancelled', by: 'test' })
      assert.equal(expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}`)).status, 'expired')
      const r = expectCreated(await refund(t, store, id, {}))
      assert.equal(r.amount, '0.20000000')
      const expired = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1', currency: 'ETH' }))
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      assert.match(expectError(await refund(t, store, expired.payment_id, {}), 409), /is expired: only completed/)
    })

    test('without address: everything refundable by default, a buyer link, the balance reserved', async () => {
      const id = await completedEthPayment(t, store, '0.4')
      const before = await balance()
      const r = expectCreated(await refund(t, store, id, { reason: 'Out of stock' }))
      assert.deepEqual(Object.keys(r).sort(), [
        'address',
        'amount',
        'created_at',
        'currency',
        'id',
        'payment_id',
        'reason',
        'refund_url',
        'status',
        'tx_hash',
      ])
      assert.match(r.id, UUID)
      assert.equal(r.payment_id, id)
      assert.equal(r.amount, '0.40000000')
      assert.equal(r.currency, 'ETH')
      assert.equal(r.status, 'awaiting_address')
      assert.equal(r.address, null)
      assert.equal(r.tx_hash, null)
      assert.equal(r.reason, 'Out of stock')
      assert.match(r.created_at, ISO_SECONDS)
      assert.match(r.refund_url, /^http:\/\/.+\/refund\/[A-Za-z0-9_-]{32}$/)
      const after = await balance()
      assert.equal(Math.round((before.available - after.available) * 1e6), 400000, 'the refund is reserved from available')
      assert.match(expectError(await refund(t, store, id, {}), 409), /Nothing is left to refund/)
      const list = expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}/refunds`))
      assert.equal(list.refunds.length, 1)
      assert.equal(list.refunds[0].refund_url, r.refund_url)
      assert.equal(list.amount_refundable, '0.00000000')
      assert.equal(list.amount_refunded, '0.00000000')
    })

    test('with an address: queued at once, sent, confirmed; payment.refunded carries the refund; the ledger settles', async () => {
      const id = await completedEthPayment(t, store, '1')
      const r = expectCreated(await refund(t, store, id, { amount: '0.25', address: BUYER_ETH }))
      assert.equal(r.status, 'queued')
      assert.equal(r.address, BUYER_ETH)
      const current = async () => expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}/refunds`))
      await settle(t, async () => (await current()).refunds[0].status === 'confirmed')
      const list = await current()
      assert.match(list.refunds[0].tx_hash, /^[0-9a-f]{64}$|^0x[0-9a-f]{64}$/)
      assert.equal(list.amount_refunded, '0.25000000')
      assert.equal(list.amount_refundable, '0.75000000')
      // A second, partial refund of the rest is still possible, and no more.
      assert.match(expectError(await refund(t, store, id, { amount: '0.75000000000000001' }), 409), /more than the 0\.75/)
      const events = await t.kassa.database.db
        .selectFrom('webhook_events')
        .select(['event', 'body'])
        .where('payment_id', '=', id)
        .where('event', '=', 'payment.refunded')
        .execute()
      assert.equal(events.length, 1)
      const body = JSON.parse(events[0]!.body)
      assert.equal(body.event, 'payment.refunded')
      assert.equal(body.payment_id, id)
      assert.equal(body.status, 'completed')
      assert.deepEqual(body.refund, { id: r.id, amount: 0.25, tx_hash: list.refunds[0].tx_hash, address: BUYER_ETH })
      assert.equal(body.amount_refunded, 0.25)
      assert.ok(events[0]!.body.includes('"amount_refunded":0.25000000'), 'exact decimal text, as the seed prints amounts')
      const refunded = await t.kassa.repos.ledger.balances([`store:${store.storeId}:refunded`, `store:${store.storeId}:refunding`])
      assert.ok((refunded.get(`store:${store.storeId}:refunded`)?.get('ETH') ?? 0n) >= 250000000000000000n)
    })

    test('no body at all is a refund of everything refundable, through a link', async () => {
      const id = await completedEthPayment(t, store, '0.3')
      const r = expectCreated(await refund(t, store, id))
      assert.equal(r.amount, '0.30000000')
      assert.equal(r.status, 'awaiting_address')
    })

    test('concurrent refunds never exceed what was received (ten at once, each for 40 %)', async () => {
      const id = await completedEthPayment(t, store, '1')
      const results = await Promise.all(Array.from({ length: 10 }, () => refund(t, store, id, { amount: '0.4' })))
      const created = results.filter((r) => r.status === 201)
      const refused = results.filter((r) => r.status !== 201)
      assert.equal(created.length, 2, results.map((r) => r.text).join('\n'))
      for (const r of refused) assert.match(expectError(r, 409), /more than the 0\.2(0*) ETH still refundable/)
      const list = expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}/refunds`))
      assert.equal(list.refunds.length, 2)
      assert.equal(list.amount_refundable, '0.20000000')
    })

    test('a store whose balance was withdrawn cannot refund: REFUND_EXCEEDS_BALANCE, nothing written', async () => {
      const poor = await t.createStore('ETH')
      const id = await completedEthPayment(t, poor, '1')
      const available = expectOk(await t.request(poor, 'GET', '/api/v1/merchant/balance')).ETH.available
      const { createWithdrawal } = await import('../../src/services/payouts/create-withdrawal.js')
      const s = await t.kassa.stores.getStore(poor.storeId)
      await createWithdrawal(t.kassa.deps, s, { currency: 'ETH', amount: String(available - 0.5), to: BUYER_ETH })
      assert.match(expectError(await refund(t, poor, id, { amount: '0.6' }), 409), /exceeds the store's available balance of 0\.5/)
      assert.deepEqual(expectOk(await t.request(poor, 'GET', `/api/v1/payment/${id}/refunds`)).refunds, [])
    })
  })
}
