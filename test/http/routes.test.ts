import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'
import { assertSafe, expectError, expectOk, plainRequest } from './merchant-api-checks.js'

// Everything around the Merchant API's routes: unknown routes, malformed URLs, health
// checks, and the OpenAPI document.

const DOCUMENTED_PATHS = [
  '/api/v1/payment/create',
  '/api/v1/payment/{payment_id}',
  '/api/v1/payments',
  '/api/v1/merchant/balance',
  '/api/v1/rates',
]

for (const dialect of await testDialects()) {
  describe(`routes (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20')
    })
    after(async () => {
      await t.close()
    })

    test('unknown routes → 404 envelope', async () => {
      expectError(await plainRequest(t, 'GET', '/api/v1/nope'), 404)
      expectError(await plainRequest(t, 'POST', '/api/v1/payments', '{}'), 404)
      expectError(await plainRequest(t, 'DELETE', '/api/v1/payments'), 404)
      expectError(await plainRequest(t, 'GET', '/api/v2/payments'), 404)
      expectError(await t.request(store, 'GET', '/api/v1/merchant/balances'), 404)
      expectError(await t.request(store, 'GET', '/api/v1/nope?x=1'), 404)
    })

    test('a malformed URL (bad percent-encoding) → 400 in the envelope', async () => {
      expectError(await plainRequest(t, 'GET', '/api/v1/payment/%E0%A4%A'), 400)
    })

    test('GET /healthz and /readyz → 200', async () => {
      for (const path of ['/healthz', '/readyz']) {
        const r = await plainRequest(t, 'GET', path)
        assertSafe(r)
        assert.equal(r.status, 200, `${path}: ${r.text}`)
        assert.equal(typeof r.json?.status, 'string')
      }
    })

    test('GET /docs/json → an OpenAPI 3.1 document with the Merchant API paths', async () => {
      const r = await plainRequest(t, 'GET', '/docs/json')
      assertSafe(r)
      assert.equal(r.status, 200)
      assert.match(String(r.json?.openapi), /^3\.1\./)
      const paths = Object.keys(r.json.paths ?? {})
      for (const p of DOCUMENTED_PATHS) assert.ok(paths.includes(p), `missing ${p} in ${paths.join(', ')}`)
      assert.ok(r.json.paths['/api/v1/payment/create'].post, 'create is a POST')
      for (const p of ['/api/v1/payment/{payment_id}', '/api/v1/payments', '/api/v1/merchant/balance', '/api/v1/rates']) {
        assert.ok(r.json.paths[p].get, `${p} is a GET`)
      }
    })

    test('a correctly signed request still works after all that', async () => {
      expectOk(await t.request(store, 'GET', '/api/v1/payments'))
    })
  })
}
