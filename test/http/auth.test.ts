import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { testDialects } from '../support/databases.js'
import { sign } from '../support/signed-client.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { expectError, expectOk, plainRequest } from './merchant-api-checks.js'

// DESIGN.md, Payments: X-Signature = hex HMAC-SHA256(api_secret, timestamp + METHOD +
// path?query as sent + raw body). 401: a missing header, a bad or stale timestamp (±300 s),
// an unknown key. 403: a wrong signature or a disabled store.

for (const dialect of await testDialects()) {
  describe(`auth (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let other: StoreCredentials
    const nowSeconds = () => Math.floor(t.clock.now() / 1000)
    const paymentCount = async (creds: StoreCredentials) =>
      expectOk(await t.request(creds, 'GET', '/api/v1/payments')).pagination.total as number

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20')
      other = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    test('a correctly signed GET and POST are accepted', async () => {
      expectOk(await t.request(store, 'GET', '/api/v1/payments'))
      expectOk(await t.request(store, 'GET', '/api/v1/merchant/balance'))
      const created = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00' }))
      expectOk(await t.request(store, 'GET', `/api/v1/payment/${created.payment_id}`))
    })

    for (const name of ['X-Api-Key', 'X-Timestamp', 'X-Signature']) {
      test(`missing ${name} → 401`, async () => {
        expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { [name]: undefined } }), 401)
      })
      test(`empty ${name} → 401`, async () => {
        expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { [name]: '' } }), 401)
      })
    }

    test('no auth headers at all → 401 on every Merchant API route', async () => {
      expectError(await plainRequest(t, 'GET', '/api/v1/payments'), 401)
      expectError(await plainRequest(t, 'GET', '/api/v1/merchant/balance'), 401)
      expectError(await plainRequest(t, 'GET', `/api/v1/payment/${randomBytes(16).toString('hex')}`), 401)
      expectError(await plainRequest(t, 'POST', '/api/v1/payment/create', '{"amount":"1.00"}'), 401)
    })

    for (const ts of ['abc', '17e8', '-100', '1.5', '0x6789abcd']) {
      test(`non-numeric timestamp ${JSON.stringify(ts)} → 401`, async () => {
        expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { 'X-Timestamp': ts } }), 401)
      })
    }

    test('timestamp in milliseconds instead of seconds → 401', async () => {
      expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { timestamp: Math.floor(t.clock.now()) }), 401)
    })

    test('timestamp 301 s old → 401, 301 s in the future → 401', async () => {
      expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { timestamp: nowSeconds() - 301 }), 401)
      expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { timestamp: nowSeconds() + 301 }), 401)
    })

    test('timestamp 299 s and 300 s old or ahead → accepted', async () => {
      for (const skew of [-300, -299, 299, 300]) {
        expectOk(await t.request(store, 'GET', '/api/v1/payments', undefined, { timestamp: nowSeconds() + skew }))
      }
    })

    test('a captured request replayed 6 minutes later → 401', async () => {
      const ts = nowSeconds()
      const headers = {
        'X-Api-Key': store.apiKey,
        'X-Timestamp': String(ts),
        'X-Signature': sign(store.apiSecret, String(ts), 'GET', '/api/v1/payments', ''),
      }
      expectOk(await t.request(store, 'GET', '/api/v1/payments', undefined, { timestamp: ts }))
      t.clock.advance(6 * 60_000)
      expectError(await plainRequest(t, 'GET', '/api/v1/payments', undefined, headers), 401)
    })

    test('unknown API key → 401', async () => {
      const stranger = {
        apiKey: `pk_test_${randomBytes(16).toString('hex')}`,
        apiSecret: randomBytes(32).toString('hex'),
        storeId: '',
        webhookSecret: '',
      }
      expectError(await t.request(stranger, 'GET', '/api/v1/payments'), 401)
    })

    test('wrong signature → 403', async () => {
      expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { 'X-Signature': '0'.repeat(64) } }), 403)
      expectError(await t.request({ ...store, apiSecret: randomBytes(32).toString('hex') }, 'GET', '/api/v1/payments'), 403)
    })

    test('signature of the wrong length or not hex → 403', async () => {
      for (const sig of ['abc', 'zz'.repeat(32), '0'.repeat(63), '0'.repeat(65), '0'.repeat(128)]) {
        expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { 'X-Signature': sig } }), 403)
      }
    })

    test('signature over another path → 403', async () => {
      expectError(await t.request(store, 'GET', '/api/v1/payments', undefined, { signPath: '/api/v1/merchant/balance' }), 403)
    })

    test('signature over another body → 403, and nothing is created', async () => {
      const before = await paymentCount(store)
      const r = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1000.00' }, { signBody: '{"amount":"1.00"}' })
      expectError(r, 403)
      assert.equal(await paymentCount(store), before)
    })

    test('signature made for GET used on POST → 403', async () => {
      const ts = String(nowSeconds())
      const body = '{"amount":"1.00"}'
      const getSig = sign(store.apiSecret, ts, 'GET', '/api/v1/payment/create', body)
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', body, { headers: { 'X-Signature': getSig } }), 403)
    })

    test('signature over the path without the query string, query sent → 403', async () => {
      expectError(await t.request(store, 'GET', '/api/v1/payments?page=1&per_page=5', undefined, { signPath: '/api/v1/payments' }), 403)
    })

    test('signature over the query in another order → 403; the query as sent → 200', async () => {
      expectError(
        await t.request(store, 'GET', '/api/v1/payments?page=1&per_page=5', undefined, { signPath: '/api/v1/payments?per_page=5&page=1' }),
        403,
      )
      const data = expectOk(await t.request(store, 'GET', '/api/v1/payments?page=1&per_page=5'))
      assert.equal(data.pagination.per_page, 5)
    })

    test("a request signed with store A's secret sent with store B's key → 403", async () => {
      const before = await paymentCount(other)
      const forged = { ...other, apiSecret: store.apiSecret }
      expectError(await t.request(forged, 'GET', '/api/v1/payments'), 403)
      expectError(await t.request(forged, 'POST', '/api/v1/payment/create', { amount: '5.00' }), 403)
      assert.equal(await paymentCount(other), before)
    })

    test("a request signed by store A replayed with store B's key header → 403", async () => {
      const ts = String(nowSeconds())
      const sig = sign(store.apiSecret, ts, 'GET', '/api/v1/merchant/balance', '')
      const r = await plainRequest(t, 'GET', '/api/v1/merchant/balance', undefined, {
        'X-Api-Key': other.apiKey,
        'X-Timestamp': ts,
        'X-Signature': sig,
      })
      expectError(r, 403)
    })

    test('disabled store → 403, and it works again once re-enabled', async () => {
      const shop = await t.createStore('USDT_TRC20')
      expectOk(await t.request(shop, 'GET', '/api/v1/payments'))
      await t.kassa.stores.updateStore(shop.storeId, { enabled: false })
      expectError(await t.request(shop, 'GET', '/api/v1/payments'), 403)
      expectError(await t.request(shop, 'POST', '/api/v1/payment/create', { amount: '1.00' }), 403)
      await t.kassa.stores.updateStore(shop.storeId, { enabled: true })
      expectOk(await t.request(shop, 'GET', '/api/v1/payments'))
      assert.equal(await paymentCount(shop), 0)
    })

    test('uppercase hex signature is accepted', async () => {
      const ts = String(nowSeconds())
      const sig = sign(store.apiSecret, ts, 'GET', '/api/v1/payments', '').toUpperCase()
      assert.match(sig, /[A-F]/)
      expectOk(await t.request(store, 'GET', '/api/v1/payments', undefined, { headers: { 'X-Signature': sig, 'X-Timestamp': ts } }))
    })

    test('a bad body from an unauthenticated caller → 401, not 400', async () => {
      const noSig = { headers: { 'X-Signature': undefined } }
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', '{', noSig), 401)
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', '[]', noSig), 401)
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', '{"amount":"abc"}', noSig), 401)
      expectError(
        await t.request(store, 'POST', '/api/v1/payment/create', 'amount=1', {
          headers: { 'X-Signature': undefined, 'Content-Type': 'text/plain' },
        }),
        401,
      )
      expectError(await plainRequest(t, 'POST', '/api/v1/payment/create', '{'), 401)
    })

    test('a bad body with a wrong signature → 403, not 400', async () => {
      const bad = { headers: { 'X-Signature': '0'.repeat(64) } }
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', '{', bad), 403)
      expectError(await t.request(store, 'POST', '/api/v1/payment/create', '{"amount":"abc"}', bad), 403)
    })
  })
}
