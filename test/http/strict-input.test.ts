import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { anonymousClient } from '../support/dashboard.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa, type TestKassa } from '../support/test-kassa.js'

// Issue 16, defects 2 and 5: control characters and runaway nesting in public input. On
// PostgreSQL a NUL reaching a query was a 500 (SQLite stored it); metadata nested thousands of
// levels deep was stored. Every case is now a 400 in the envelope of the route's own surface,
// the same on both databases, and nothing is written.

const SHOP = 'https://shop.example'
const nest = (levels: number) => {
  let v: Record<string, unknown> = { leaf: 1 }
  for (let i = 1; i < levels; i++) v = { a: v }
  return v
}

for (const dialect of await testDialects()) {
  describe(`strict input (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('USDT_TRC20')
      await t.kassa.pageSettings.update(store.storeId, { widgetEnabled: true, widgetOrigins: [SHOP], donationsEnabled: true })
    })
    after(async () => {
      // Nothing that was refused left a payment behind.
      const list = await t.request(store, 'GET', '/api/v1/payments')
      assert.equal(list.json.data.pagination.total, 0, 'no payment written by a refused request')
      await t.close()
    })

    const merchantRefusal = (r: { status: number; json: any; text: string }, message: RegExp) => {
      assert.equal(r.status, 400, r.text)
      assert.deepEqual(Object.keys(r.json), ['success', 'error'])
      assert.equal(r.json.success, false)
      assert.match(r.json.error, message)
    }
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(t.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() }))
    const asJson = (r: { status: number; text: string }) => ({ ...r, json: JSON.parse(r.text) })

    test('Merchant API create: NUL and ESC in metadata values or keys are a 400 in the seed envelope', async () => {
      merchantRefusal(
        await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00', metadata: { note: 'a\u0000b' } }),
        /^metadata\.note must not contain control characters\.$/,
      )
      merchantRefusal(
        await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00', metadata: { 'k\u001b': 'v' } }),
        /field name in metadata must not contain control characters/,
      )
    })

    test('Merchant API create: metadata deeper than 32 levels, even 4,110 levels, or over 16 KiB is a 400', async () => {
      for (const levels of [33, 4110]) {
        merchantRefusal(
          await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00', metadata: nest(levels) }),
          /^metadata is nested more than (32|64) levels deep\.$/,
        )
      }
      merchantRefusal(
        await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00', metadata: { pad: 'x'.repeat(17 * 1024) } }),
        /^metadata must be at most 16 KiB as JSON\.$/,
      )
    })

    test('Merchant API: the signature is still checked first', async () => {
      const r = await post('/api/v1/payment/create', { amount: '1.00', metadata: { note: '\u0000' } })
      assert.equal(r.status, 401, r.text)
    })

    test('/pay/widget: NUL in order_id and deep metadata are a 400 in the seed envelope', async () => {
      merchantRefusal(
        asJson(await post('/pay/widget', { api_key: store.apiKey, amount: '1.00', order_id: 'A\u0000' }, { origin: SHOP })),
        /^order_id must not contain control characters\.$/,
      )
      merchantRefusal(
        asJson(await post('/pay/widget', { api_key: store.apiKey, amount: '1.00', metadata: nest(40) }, { origin: SHOP })),
        /^metadata is nested more than 32 levels deep\.$/,
      )
    })

    test('/donate/create: NUL in api_key is a 400, as JSON and as the donation form', async () => {
      merchantRefusal(
        asJson(await post('/donate/create', { api_key: `${store.apiKey}\u0000`, fiat_amount: '5' })),
        /^api_key must not contain control characters\.$/,
      )
      const form = await fetch(`${t.baseUrl}/donate/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.baseUrl },
        body: new URLSearchParams({ api_key: store.apiKey, fiat_amount: '5', donor_name: 'Ann\u0000' }).toString(),
      })
      assert.equal(form.status, 400)
      assert.match(await form.text(), /donor_name must not contain control characters/)
    })

    test('/donate/%00 and /donate/%00/config: a 400, not a database error', async () => {
      for (const path of ['/donate/%00', '/donate/%00/config', `/pay/%00`, `/donate/${store.apiKey}?lang=%07`]) {
        // As a browser asks: pages answer the HTML error page, /config (read by a script) JSON.
        const r = await fetch(t.baseUrl + path, { headers: { accept: path.endsWith('/config') ? '*/*' : 'text/html' } })
        const text = await r.text()
        assert.equal(r.status, 400, `${path}: ${text.slice(0, 200)}`)
        assert.match(text, /must not contain control characters/)
        assert.match(r.headers.get('content-type') ?? '', path.endsWith('/config') ? /json/ : /html/, path)
      }
    })

    test('dashboard sign-in and sign-up: the form comes back with the reason', async () => {
      const browser = anonymousClient(t)
      const login = await browser.post('/dashboard/login', { email: 'ann\u0000@example.com', password: 'x' })
      assert.equal(login.status, 400)
      assert.match(login.html, /email must not contain control characters/)
      assert.match(login.html, /<form[^>]+action="\/dashboard\/login"/)
      assert.match(login.html, /value="ann@example.com"/)
      const signup = await browser.post('/dashboard/signup', {
        email: 'bob@example.com',
        account_name: 'Bob\u0000',
        password: 'correct horse battery staple',
      })
      assert.equal(signup.status, 400)
      assert.match(signup.html, /account_name must not contain control characters/)
      assert.match(signup.html, /<form[^>]+action="\/dashboard\/signup"/)
      // A sign-in without the CSRF token is still refused as before, not as a control character.
      const noCsrf = await browser.post('/dashboard/login', { email: 'ann@example.com', password: 'x' }, { csrf: null })
      assert.equal(noCsrf.status, 403)
    })

    test('tab and line breaks are still accepted where text is free', async () => {
      // A store of its own: the no-writes check at the end covers the other one.
      const other = await t.createStore('USDT_TRC20')
      const r = await t.request(other, 'POST', '/api/v1/payment/create', { amount: '1.00', metadata: { note: 'line 1\r\nline 2\tend' } })
      assert.equal(r.status, 200, r.text)
    })
  })
}
