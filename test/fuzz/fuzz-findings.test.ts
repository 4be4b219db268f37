import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createDashboardUser, TEST_PASSWORD } from '../support/dashboard.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'

// Defects the fuzz suite (api-fuzz.test.ts) found, each held by the smallest request that
// showed it (docs/RELIABILITY.md, "Fuzz suite").

for (const dialect of await testDialects()) {
  describe(`fuzz findings (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let paymentId: string

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20')
      const r = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '10.00' })
      paymentId = r.json.data.payment_id
    })
    after(async () => {
      await t.close()
    })

    test('HEAD on a live payment’s event stream answers at once and ends (it hung, holding the connection)', async () => {
      const res = await fetch(`${t.baseUrl}/pay/${paymentId}/events`, { method: 'HEAD', signal: AbortSignal.timeout(2000) })
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/)
    })

    test('a dashboard URL Fastify refuses before routing (a path parameter over 100 characters) is a page, not the Merchant API JSON', async () => {
      const long = 'a'.repeat(300)
      for (const [method, path] of [
        ['GET', `/dashboard/stores/${long}`],
        ['POST', `/dashboard/stores/00000000-0000-1000-8000-000000000000/payments/x/refunds/${long}/cancel`],
      ] as const) {
        const res = await fetch(t.baseUrl + path, { method, headers: { accept: 'text/html' }, redirect: 'manual' })
        const body = await res.text()
        assert.equal(res.status, 400, `${method} ${path.slice(0, 40)}: ${body.slice(0, 200)}`)
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/, `${method}: ${body.slice(0, 200)}`)
      }
    })

    // busboy's plain Error for a body that is not multipart reached the dashboard's error handler as an unknown error.
    test('a dashboard POST labelled multipart/form-data whose body is not multipart is a 400 page, not a 500', async () => {
      await createDashboardUser(t, 'multipart@example.com')
      const signed = await t.kassa.accountSessions.login('multipart@example.com', TEST_PASSWORD, '127.0.0.1')
      const r = await t.app.inject({
        method: 'POST',
        url: '/dashboard/stores/new',
        headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: `kassa_session=${signed.token}`, accept: 'text/html' },
        payload: '{"amount":"1.00"}',
      })
      assert.equal(r.statusCode, 400, r.body.slice(0, 200))
      assert.match(String(r.headers['content-type']), /^text\/html/)
    })
  })
}
