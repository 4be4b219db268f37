import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import { followingRedirects } from './dashboard-follow.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// The merchant's store pages over plain HTTP on both databases: ownership (another account's
// ids answer 404 and change nothing), CSRF, escaping, settings validation, key rotation and
// the CSV export. dashboard-merchant.browser.test.ts walks the same pages in Chromium.

const EVIL = '<img src=x onerror=alert(1)>"&'
const EVIL_ESCAPED = '&#60;img src=x onerror=alert(1)&#62;&#34;&#38;'

for (const dialect of await testDialects()) {
  describe(`dashboard merchant store pages (${dialect.name})`, () => {
    let t: TestKassa
    let alice: DashboardClient
    let mallory: DashboardClient
    let shop: StoreCredentials
    let base: string

    const storeRow = () => t.kassa.database.db.selectFrom('stores').selectAll().where('id', '=', shop.storeId).executeTakeFirstOrThrow()

    before(async () => {
      t = await startTestKassa(dialect)
      const a = await createDashboardUser(t, 'alice@example.com', { accountName: 'Alice' })
      await createDashboardUser(t, 'mallory@example.com', { accountName: 'Mallory' })
      const created = await t.kassa.stores.createStore({
        name: EVIL,
        currencies: parseStoreCurrencies('USDT_TRC20,BTC'),
        accountId: a.accountId,
      })
      shop = { storeId: created.store.id, apiKey: created.store.apiKey, apiSecret: created.apiSecret, webhookSecret: created.webhookSecret }
      base = `/dashboard/stores/${shop.storeId}`
      alice = followingRedirects(await dashboardClient(t, 'alice@example.com'))
      mallory = followingRedirects(await dashboardClient(t, 'mallory@example.com'))
    })
    after(() => t.close())

    test("a new store from the form belongs to the account, shows its secrets once and takes the operator's commission", async () => {
      await t.kassa.operatorSettings.update({ defaultCommissionBp: 250 })
      const r = await alice.post(
        '/dashboard/stores/new',
        {
          name: 'Second shop',
          mode: 'test',
          currency: ['BTC', 'USDT_ERC20'],
          strategy_BTC: 'unique_address',
          strategy_USDT_ERC20: 'unique_amount',
          expiry_minutes: '45',
          underpay_tolerance: '1.5',
        },
        { formPage: '/dashboard/stores/new' },
      )
      assert.equal(r.status, 200, r.html.slice(0, 500))
      const apiSecret = /id="api-secret">([^<]+)</.exec(r.html)?.[1]
      assert.ok(apiSecret, 'the API secret is shown on creation')
      assert.match(r.html, /id="webhook-secret">[^<]+</)
      const stores = await t.kassa.stores.listAccountStores(
        (await t.kassa.accountSessions.listUsers()).find((u) => u.email === 'alice@example.com')!.accountId,
      )
      const s = stores.find((x) => x.name === 'Second shop')!
      assert.deepEqual(
        s.currencies,
        [
          { code: 'BTC', strategy: 'unique_address' },
          { code: 'USDT_ERC20', strategy: 'unique_amount' },
        ],
        'in the order ticked',
      )
      const settings = await alice.get(`/dashboard/stores/${s.id}/settings`)
      const listed = [...settings.html.matchAll(/name="currency" value="(\w+)"/g)].map((m) => m[1])
      assert.deepEqual(listed.slice(0, 2), ['BTC', 'USDT_ERC20'], 'the settings form keeps the default first')
      assert.deepEqual([s.expiryMinutes, s.underpayToleranceBp, s.commissionBp], [45, 150, 250])
      const keys = await alice.get(`/dashboard/stores/${s.id}/keys`)
      assert.equal(keys.status, 200)
      assert.ok(keys.html.includes(s.apiKey))
      assert.ok(!keys.html.includes(apiSecret), 'the secret is never shown again')
      assert.doesNotMatch(keys.html, /class="secret"/)
      const list = await alice.get('/dashboard/stores')
      assert.ok(list.html.includes('Second shop'))
      assert.ok(!(await mallory.get('/dashboard/stores')).html.includes('Second shop'), 'another account does not list it')
    })

    test("another account's store answers 404 on every page and every form, and nothing changes", async () => {
      const before = await storeRow()
      const pagesBefore = await t.kassa.pageSettings.get(shop.storeId)
      for (const path of [
        '',
        '/settings',
        '/keys',
        '/payments',
        '/payments.csv',
        '/donations',
        '/webhooks',
        '/unmatched',
        '/payments/00000000-0000-4000-8000-000000000000',
      ]) {
        const r = await mallory.get(base + path)
        assert.equal(r.status, 404, `GET ${path}`)
        assert.ok(!r.html.includes(EVIL_ESCAPED), `GET ${path} shows nothing of the store`)
      }
      const forms: [string, Record<string, string | string[]>][] = [
        [
          '/settings',
          {
            name: 'Taken',
            currency: 'BTC',
            strategy_BTC: 'unique_address',
            expiry_minutes: '30',
            underpay_tolerance: '0',
            enabled: '1',
            webhook_url: '',
          },
        ],
        ['/settings/pages', { donations_enabled: '1', donation_amounts: '1', widget_origins: '' }],
        ['/keys/rotate-api', {}],
        ['/keys/rotate-webhook', { grace_hours: '0' }],
        ['/webhooks/test', {}],
        ['/webhooks/1/resend', {}],
        ['/unmatched/assign', { deposit_id: 'x', payment_id: 'y' }],
      ]
      for (const [path, fields] of forms) {
        const r = await mallory.post(base + path, fields, { formPage: '/dashboard/stores' })
        assert.equal(r.status, 404, `POST ${path}`)
      }
      assert.deepEqual(await storeRow(), before)
      assert.deepEqual(await t.kassa.pageSettings.get(shop.storeId), pagesBefore)
    })

    test('rotating the API key: the old pair fails on the Merchant API at once, the new one works', async () => {
      const old = { ...shop }
      assert.equal((await t.request(old, 'GET', '/api/v1/payments')).status, 200, 'the old pair works before')
      const r = await alice.post(`${base}/keys/rotate-api`, {}, { formPage: `${base}/keys` })
      assert.equal(r.status, 200)
      const apiSecret = /id="api-secret">([^<]+)</.exec(r.html)?.[1]
      const apiKey = /id="api-key">([^<]+)</.exec(r.html)?.[1]
      assert.ok(apiSecret && apiKey && apiKey !== old.apiKey)
      assert.equal((await t.request(old, 'GET', '/api/v1/payments')).status, 401)
      assert.equal(
        (await t.request({ ...old, apiSecret }, 'GET', '/api/v1/payments')).status,
        401,
        'the old key with the new secret fails too',
      )
      shop = { ...shop, apiKey, apiSecret }
      assert.equal((await t.request(shop, 'GET', '/api/v1/payments')).status, 200)
      const again = await alice.get(`${base}/keys`)
      assert.ok(!again.html.includes(apiSecret), 'the new secret is not shown again')
    })

    test('rotating the webhook secret shows the new one once and signs with it', async () => {
      const r = await alice.post(`${base}/keys/rotate-webhook`, { grace_hours: '24' }, { formPage: `${base}/keys` })
      assert.equal(r.status, 200)
      const secret = /id="webhook-secret">([^<]+)</.exec(r.html)?.[1]
      assert.equal(secret, await t.kassa.stores.webhookSecret(shop.storeId))
      assert.match(r.html, /previous webhook secret also signs/)
      const bad = await alice.post(`${base}/keys/rotate-webhook`, { grace_hours: '5' }, { formPage: `${base}/keys` })
      assert.equal(bad.status, 400)
      assert.equal(await t.kassa.stores.webhookSecret(shop.storeId), secret)
    })

    test('a form without its CSRF token is refused and changes nothing', async () => {
      const before = await storeRow()
      const r = await alice.post(`${base}/keys/rotate-api`, {}, { csrf: null })
      assert.equal(r.status, 403)
      assert.match(r.html, /did not come from this dashboard/)
      const s = await alice.post(
        `${base}/settings`,
        { name: 'x', currency: 'BTC', strategy_BTC: 'unique_address', expiry_minutes: '30' },
        { csrf: 'forged' },
      )
      assert.equal(s.status, 403)
      assert.deepEqual(await storeRow(), before)
    })

    test('invalid settings give a clear message, keep what was typed and change nothing', async () => {
      const before = await storeRow()
      const pagesBefore = await t.kassa.pageSettings.get(shop.storeId)
      const good = {
        name: 'Renamed',
        currency: ['USDT_TRC20'],
        strategy_USDT_TRC20: 'unique_amount',
        expiry_minutes: '30',
        underpay_tolerance: '0',
        enabled: '1',
        webhook_url: '',
      }
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ ...good, expiry_minutes: '0' }, /expiry must be a whole number of minutes from 1 to 10080/i],
        [{ ...good, expiry_minutes: '99999' }, /expiry must be a whole number of minutes from 1 to 10080/i],
        [{ ...good, underpay_tolerance: '60' }, /underpayment tolerance must be 0–50 %/i],
        [{ ...good, currency: [] }, /tick at least one currency/i],
        [{ ...good, currency: ['DOGE'] }, /currency DOGE is not available/i],
        [{ ...good, webhook_url: 'ftp://x' }, /webhook/i],
      ]
      for (const [fields, message] of cases) {
        const r = await alice.post(`${base}/settings`, fields)
        assert.equal(r.status, 400, JSON.stringify(fields))
        assert.match(r.html, message)
        assert.match(r.html, /value="Renamed"/, 'the typed name is kept')
      }
      const nul = await alice.post(`${base}/settings`, { ...good, name: 'Bad\u0000name' })
      assert.equal(nul.status, 400, 'a NUL is a message, not a database error')
      // Refused at the edge (issue 16) before the form is read: the dashboard's error page names the field.
      assert.match(nul.html, /name must not contain control characters/i)
      const pageCases: [Record<string, string>, RegExp][] = [
        [{ donation_color: 'red;background:url(x)', donation_amounts: '5' }, /donation colour must be #rgb or #rrggbb/i],
        [{ widget_origins: 'https://shop.example/path', donation_amounts: '5' }, /must be an origin only/i],
        [{ widget_origins: '*', donation_amounts: '5' }, /is not a URL/i],
        [{ donation_amounts: '5, -3' }, /donation amount &#34;-3&#34; must be a positive number/i],
      ]
      for (const [fields, message] of pageCases) {
        const r = await alice.post(
          `${base}/settings/pages`,
          { widget_enabled: '1', donations_enabled: '1', ...fields },
          { formPage: `${base}/settings` },
        )
        assert.equal(r.status, 400, JSON.stringify(fields))
        assert.match(r.html, message)
      }
      assert.deepEqual(await storeRow(), before)
      assert.deepEqual(await t.kassa.pageSettings.get(shop.storeId), pagesBefore)

      const ok = await alice.post(
        `${base}/settings/pages`,
        {
          widget_enabled: '1',
          widget_origins: 'https://shop.example',
          donations_enabled: '1',
          donation_text: 'Tip',
          donation_amounts: '3, 7',
          donation_color: '#E11D48',
          donation_thanks: 'Thanks',
        },
        { formPage: `${base}/settings` },
      )
      assert.equal(ok.status, 200)
      assert.deepEqual(await t.kassa.pageSettings.get(shop.storeId), {
        widgetEnabled: true,
        widgetOrigins: ['https://shop.example'],
        donationsEnabled: true,
        donationText: 'Tip',
        donationAmounts: ['3', '7'],
        donationColor: '#e11d48',
        donationThanks: 'Thanks',
      })
    })

    test("HTML in a store name and a donor's message is shown escaped on every page", async () => {
      await t.kassa.pageSettings.update(shop.storeId, { donationsEnabled: true })
      const res = await fetch(`${t.baseUrl}/donate/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          api_key: shop.apiKey,
          currency: 'USDT_TRC20',
          amount: '10',
          donor_name: EVIL,
          donor_message: `<script>alert("m")</script>`,
        }),
      })
      const donation = (await res.json()) as { data: { payment_id: string } }
      assert.equal(res.status, 200, JSON.stringify(donation))
      const pages = ['/dashboard/stores', base, `${base}/donations`, `${base}/payments`, `${base}/payments/${donation.data.payment_id}`]
      for (const path of pages) {
        const r = await alice.get(path)
        assert.equal(r.status, 200, path)
        assert.ok(!r.html.includes('<img src=x'), `${path}: no raw tag`)
        assert.ok(!r.html.includes('<script>alert'), `${path}: no raw script`)
        assert.ok(r.html.includes(EVIL_ESCAPED), `${path}: the name is shown, escaped`)
      }
      const d = await alice.get(`${base}/donations`)
      assert.ok(d.html.includes('&#60;script&#62;alert(&#34;m&#34;)&#60;/script&#62;'))
    })

    test('the CSV export: the filtered list, quoted cells, decimal amounts, formulas neutralised', async () => {
      const make = (order_id: string, amount: string) =>
        t.request(shop, 'POST', '/api/v1/payment/create', { amount, currency: 'USDT_TRC20', order_id })
      for (const [o, a] of [
        ['=HYPERLINK("http://evil")', '12.5'],
        ['plain,"quoted"', '3'],
        ['+1', '0.000001'],
        ['@x', '7'],
      ] as const) {
        assert.equal((await make(o, a)).status, 200, o)
      }
      const r = await alice.get(`${base}/payments.csv?currency=USDT_TRC20&q=`)
      assert.equal(r.status, 200)
      const text = r.html
      const lines = text.trimEnd().split('\r\n')
      assert.equal(
        lines[0],
        'payment_id,order_id,status,currency,amount,amount_with_cents,amount_received,fiat_amount,fiat_currency,address,tx_hash,confirmations,source,test_mode,created_at,expires_at,confirmed_at',
      )
      assert.ok(text.includes(`,"'=HYPERLINK(""http://evil"")",pending,USDT_TRC20,12.5,`), text)
      assert.ok(text.includes(`,"plain,""quoted""",pending,USDT_TRC20,3,`))
      assert.ok(text.includes(`,'+1,pending,USDT_TRC20,0.000001,`))
      assert.ok(text.includes(`,'@x,pending,USDT_TRC20,7,`))
      assert.ok(!/,[=+\-@]/.test(text.replace(/\d{4}-\d{2}-\d{2}T/g, '')), 'no cell starts with a formula character')
      const one = await alice.get(`${base}/payments.csv?q=%40x`)
      assert.equal(one.html.trimEnd().split('\r\n').length, 2, 'the search filters the export')
    })

    test('payment list filters, search and a bad filter', async () => {
      const all = await alice.get(`${base}/payments?status=pending&currency=USDT_TRC20`)
      assert.equal(all.status, 200)
      assert.ok(all.html.includes('=HYPERLINK'))
      const none = await alice.get(`${base}/payments?status=completed`)
      assert.match(none.html, /No payment matches/)
      const found = await alice.get(`${base}/payments?q=%40x`)
      assert.ok(found.html.includes('@x') && !found.html.includes('HYPERLINK'))
      const bad = await alice.get(`${base}/payments?status=bogus`)
      assert.equal(bad.status, 400)
      assert.match(bad.html, /unknown status/i)
      const badDate = await alice.get(`${base}/payments?from=2026-13-45x`)
      assert.equal(badDate.status, 400)
      const nul = await alice.get(`${base}/payments.csv?q=%00`)
      assert.equal(nul.status, 400)
      assert.match(nul.html, /control characters/)
    })
    test('unmatched deposits and webhook events: ids of another store in a form or URL are refused', async () => {
      const btc = await t.createStore('BTC', { accountId: (await storeRow()).account_id, name: 'BTC shop' })
      const other = await t.createStore('BTC', {
        accountId: (await t.kassa.accountSessions.listUsers()).find((u) => u.email === 'mallory@example.com')!.accountId,
      })
      const mine = (await t.request(btc, 'POST', '/api/v1/payment/create', { amount: '0.01' })).json.data
      const theirs = (await t.request(other, 'POST', '/api/v1/payment/create', { amount: '0.01' })).json.data
      t.clock.advance(31 * 60_000)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.pay(mine.payment_id, '0.01')
      await t.kassa.simulation.mine(1, 'sim-bitcoin')
      await t.kassa.runWorkersOnce()
      const b = `/dashboard/stores/${btc.storeId}`
      const page = await alice.get(`${b}/unmatched`)
      const depositId = /name="deposit_id" value="([^"]+)"/.exec(page.html)?.[1]
      assert.ok(depositId, 'the late transfer is listed')
      assert.match(page.html, /0\.01 BTC/)

      const junk = await alice.post(`${b}/unmatched/assign`, { deposit_id: depositId, payment_id: 'x\u0000' })
      assert.equal(junk.status, 400)
      assert.match(junk.html, /payment_id must not contain control characters/)
      const cross = await alice.post(`${b}/unmatched/assign`, { deposit_id: depositId, payment_id: theirs.payment_id })
      assert.equal(cross.status, 400)
      assert.match(cross.html, /not found/i)
      const mallorysOwnStore = `/dashboard/stores/${other.storeId}`
      const stolen = await mallory.post(`${mallorysOwnStore}/unmatched/assign`, { deposit_id: depositId, payment_id: theirs.payment_id })
      assert.equal(stolen.status, 400)
      assert.match(stolen.html, /No unmatched deposit/)
      const transfer = () =>
        t.kassa.database.db
          .selectFrom('chain_transfers')
          .select(['unmatched', 'payment_id'])
          .where('id', '=', depositId)
          .executeTakeFirstOrThrow()
      assert.deepEqual(await transfer(), { unmatched: 1, payment_id: null })

      const event = await t.kassa.database.db
        .selectFrom('webhook_events')
        .select(['id', 'attempts', 'status'])
        .where('payment_id', '=', mine.payment_id)
        .executeTakeFirstOrThrow()
      const resend = await mallory.post(`${mallorysOwnStore}/webhooks/${event.id}/resend`, {})
      assert.equal(resend.status, 404)
      assert.deepEqual(
        await t.kassa.database.db
          .selectFrom('webhook_events')
          .select(['id', 'attempts', 'status'])
          .where('id', '=', event.id)
          .executeTakeFirstOrThrow(),
        event,
      )
      const log = await alice.get(`${b}/webhooks`)
      assert.match(log.html, /payment\.expired/)

      const ok = await alice.post(`${b}/unmatched/assign`, { deposit_id: depositId, payment_id: mine.payment_id })
      assert.equal(ok.status, 200)
      assert.match(ok.html, /Deposit assigned/)
      assert.deepEqual(await transfer(), { unmatched: 0, payment_id: mine.payment_id })
      const detail = await alice.get(`${b}/payments/${mine.payment_id}`)
      assert.match(detail.html, /Transfer of 0\.01 BTC seen/)
      assert.match(detail.html, /Webhook <strong>payment\.expired<\/strong>/)
    })
  })
}
