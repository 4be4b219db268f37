import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import {
  BTC_TEST_ADDRESS,
  TRON_ADDRESS,
  UUID,
  assertRaw,
  expectError,
  expectOk,
  plainRequest,
  selectionToken,
} from './merchant-api-checks.js'

// A multi-currency store answers `selecting`; the buyer picks a currency with the public
// POST /pay/select, and the payment is created then, converted at the rate of that moment.

for (const dialect of await testDialects()) {
  describe(`currency selection (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    const startSelection = async (body: unknown) => {
      const d = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', body))
      assert.equal(d.status, 'selecting')
      return selectionToken(d.payment_url)
    }
    const pick = (token: string, currency: string) => plainRequest(t, 'POST', '/pay/select', JSON.stringify({ token, currency }))
    const total = async () => expectOk(await t.request(store, 'GET', '/api/v1/payments')).pagination.total as number

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20,BTC')
    })
    after(async () => {
      await t.close()
    })

    test('picking BTC creates the payment, converted at the bundled rate (100 USDT → 0.00102574 BTC)', async () => {
      const before = await total()
      const token = await startSelection({ amount: '100.00', order_id: 'SEL-BTC' })
      const r = await pick(token, 'BTC')
      const p = expectOk(r)
      assert.match(p.payment_id, UUID)
      assert.equal(p.status, 'pending')
      assert.equal(p.currency, 'BTC')
      // 100 × 1.0001 / 97500 = 0.0010257435…, rounded down to 8 decimals.
      assert.equal(p.amount, '0.00102574')
      assertRaw(r.text, 'amount', '"0.00102574"')
      assert.match(p.pay_address, BTC_TEST_ADDRESS)
      assert.ok(p.payment_url.endsWith(`/pay/${p.payment_id}`))
      // The merchant now sees it, with the order_id given at creation.
      const sr = await t.request(store, 'GET', `/api/v1/payment/${p.payment_id}`)
      const s = expectOk(sr)
      assert.equal(s.order_id, 'SEL-BTC')
      assert.equal(s.currency, 'BTC')
      assertRaw(sr.text, 'amount_requested', '0.00102574')
      assert.equal(await total(), before + 1)
    })

    test('picking the same currency again returns the same payment; another currency → 409', async () => {
      const token = await startSelection({ amount: '20.00' })
      const first = expectOk(await pick(token, 'BTC'))
      const count = await total()
      const again = expectOk(await pick(token, 'BTC'))
      assert.equal(again.payment_id, first.payment_id)
      assert.equal(again.amount, first.amount)
      expectError(await pick(token, 'USDT_TRC20'), 409)
      assert.equal(await total(), count)
    })

    test('picking the first currency gives it unique cents like a direct payment', async () => {
      const token = await startSelection({ amount: '250.00' })
      const p = expectOk(await pick(token, 'USDT_TRC20'))
      assert.equal(p.currency, 'USDT_TRC20')
      assert.equal(p.amount, '250.01')
      assert.match(p.pay_address, TRON_ADDRESS)
    })

    test('a fiat selection converts from the fiat amount: 5000 RUB → 0.00056980 BTC', async () => {
      const token = await startSelection({ fiat_amount: '5000', fiat_currency: 'RUB' })
      const p = expectOk(await pick(token, 'BTC'))
      assert.equal(p.amount, '0.00056980')
    })

    test('unknown token → 404', async () => {
      expectError(await pick('no-such-token', 'BTC'), 404)
    })

    test('a token with a NUL byte → 400, refused at the edge', async () => {
      assert.match(expectError(await pick('abc\u0000def', 'BTC'), 400), /control characters/)
    })

    test('a currency the store does not accept → 400; unknown currency → 400; nothing created', async () => {
      const token = await startSelection({ amount: '10.00' })
      const count = await total()
      expectError(await pick(token, 'ETH'), 400)
      expectError(await pick(token, 'DOGE'), 400)
      assert.equal(await total(), count)
      // The selection is still open afterwards.
      expectOk(await pick(token, 'BTC'))
    })

    test('malformed requests → 400', async () => {
      const token = await startSelection({ amount: '10.00' })
      expectError(await plainRequest(t, 'POST', '/pay/select', JSON.stringify({ token })), 400)
      expectError(await plainRequest(t, 'POST', '/pay/select', JSON.stringify({ currency: 'BTC' })), 400)
      expectError(await plainRequest(t, 'POST', '/pay/select', JSON.stringify({ token, currency: 'BTC', extra: 1 })), 400)
      expectError(await plainRequest(t, 'POST', '/pay/select', JSON.stringify({ token: 5, currency: 'BTC' })), 400)
      expectError(await plainRequest(t, 'POST', '/pay/select', '{'), 400)
      expectError(await plainRequest(t, 'POST', '/pay/select', '[]'), 400)
    })

    test('an expired selection → 400, and no payment is created', async () => {
      const token = await startSelection({ amount: '10.00' })
      const count = await total()
      t.clock.advance(31 * 60_000)
      expectError(await pick(token, 'BTC'), 400)
      assert.equal(await total(), count)
    })

    test('concurrent picks of one selection → one payment', async () => {
      const token = await startSelection({ amount: '15.00' })
      const count = await total()
      const results = await Promise.all(Array.from({ length: 5 }, () => pick(token, 'BTC')))
      const ids = results.map((r) => expectOk(r).payment_id as string)
      assert.equal(new Set(ids).size, 1)
      assert.equal(await total(), count + 1)
    })

    test('the selection is public: no Merchant API signature is needed or checked', async () => {
      const token = await startSelection({ amount: '12.00' })
      const r = await plainRequest(t, 'POST', '/pay/select', JSON.stringify({ token, currency: 'BTC' }), {
        'X-Api-Key': 'garbage',
        'X-Signature': 'zz',
      })
      expectOk(r)
    })
  })
}
