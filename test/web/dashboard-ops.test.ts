import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getAddress } from 'viem'
import { LedgerRepository } from '../../src/db/repositories/ledger-repository.js'
import { partnerCreditLines } from '../../src/domain/swap/partner-credit.js'
import { testDialects } from '../support/databases.js'
import { anonymousClient, createDashboardUser, dashboardClient, TEST_PASSWORD } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import { followingRedirects } from './dashboard-follow.js'
import { withdrawInTwoSteps } from './withdrawal-helpers.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { expectSwapError, swapRequest } from '../swap/swap-client.js'

// Balances, withdrawals, the partner area and the operator area over plain HTTP, on both
// databases. dashboard-ops.browser.test.ts walks the same pages in Chromium.

const ETH_TO = getAddress('0x8ba1f109551bd432803012645ac136ddd64dba72')
const TESTNET_BTC = 'tb1qks2ksqltq2uwg3ffrqkujelxcpw8c202kkxzlq'
const MAINNET_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'

for (const dialect of await testDialects()) {
  describe(`dashboard balances, withdrawals, partner and operator areas (${dialect.name})`, () => {
    let t: TestKassa
    let op: DashboardClient
    let shop: DashboardClient
    let store: StoreCredentials
    let otherStore: StoreCredentials

    const counts = async () => {
      const db = t.kassa.database.db
      return {
        payouts: Number(
          (
            await db
              .selectFrom('payouts')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        entries: Number(
          (
            await db
              .selectFrom('ledger_entries')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      }
    }
    const apiBalance = async (creds: StoreCredentials) => JSON.parse((await t.request(creds, 'GET', '/api/v1/merchant/balance')).text).data

    before(async () => {
      t = await startTestKassa(dialect)
      await createDashboardUser(t, 'op@example.com', { operator: true, accountName: 'Operator' })
      const shopUser = await createDashboardUser(t, 'shop@example.com', { accountName: 'Shop & <b>Sons</b>' })
      const otherUser = await createDashboardUser(t, 'other@example.com')
      store = await t.createStore('ETH', { accountId: shopUser.accountId, name: '<img src=x onerror=alert(1)>' })
      otherStore = await t.createStore('ETH', { accountId: otherUser.accountId })
      // Fund both stores with a completed 1 ETH payment: 0.99 ETH available after the 1 % commission.
      for (const s of [store, otherStore]) {
        const p = JSON.parse((await t.request(s, 'POST', '/api/v1/payment/create', { amount: '1' })).text).data
        await t.kassa.simulation.pay(p.payment_id)
        await t.kassa.runWorkersOnce()
        await t.kassa.simulation.mine(12)
        await t.kassa.runWorkersOnce()
      }
      op = followingRedirects(await dashboardClient(t, 'op@example.com'))
      shop = followingRedirects(await dashboardClient(t, 'shop@example.com'))
    })
    after(() => t.close())

    test('balances: the figures of /merchant/balance, per currency', async () => {
      const api = await apiBalance(store)
      assert.equal(api.ETH.available, 0.99)
      const r = await shop.get(`/dashboard/stores/${store.storeId}/balances`)
      assert.equal(r.status, 200)
      const row = /<tr data-currency="ETH">([\s\S]*?)<\/tr>/.exec(r.html)?.[1] ?? ''
      const cells = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1])
      assert.deepEqual(cells, ['0.99', '0', '1', '0', '0.01'])
    })

    test("another account's store: 404 on balances, withdrawals and the withdrawal form, and nothing is paid out", async () => {
      const before = await counts()
      for (const path of ['balances', 'withdrawals'])
        assert.equal((await shop.get(`/dashboard/stores/${otherStore.storeId}/${path}`)).status, 404)
      for (const step of ['withdrawals/confirm', 'withdrawals']) {
        const r = await shop.post(
          `/dashboard/stores/${otherStore.storeId}/${step}`,
          { currency: 'ETH', amount: '0.1', to: ETH_TO },
          { formPage: `/dashboard/stores/${store.storeId}/withdrawals` },
        )
        assert.equal(r.status, 404, step)
      }
      assert.deepEqual(await counts(), before)
      assert.equal((await apiBalance(otherStore)).ETH.available, 0.99)
    })

    test('refused withdrawals: a clear message, a 4xx, no payout and no ledger entry', async () => {
      const before = await counts()
      // Refused at the review step, before any confirmation is offered.
      const form = `/dashboard/stores/${store.storeId}/withdrawals/confirm`
      const cases: [Record<string, string>, RegExp][] = [
        [{ currency: 'ETH', amount: '5', to: ETH_TO }, /exceeds the available balance of 0\.99 ETH/],
        [{ currency: 'ETH', amount: '0.1', to: TESTNET_BTC }, /is not a valid address/],
        [{ currency: 'ETH', amount: '0.1', to: ETH_TO.toLowerCase().replace('8ba1', '8bA1') }, /is not a valid address/],
        [{ currency: 'ETH', amount: '0', to: ETH_TO }, /must be greater than zero/],
        [{ currency: 'ETH', amount: '-1', to: ETH_TO }, /must be a positive decimal number/],
        [{ currency: 'ETH', amount: '1e-3', to: ETH_TO }, /must be a positive decimal number/],
        [{ currency: 'ETH', amount: '0.0000000000000000001', to: ETH_TO }, /more than 18 decimal places/],
        [{ currency: 'BTC', amount: '0.1', to: TESTNET_BTC }, /has no BTC currency/],
        [{ currency: '', amount: '0.1', to: ETH_TO }, /has no such currency/],
      ]
      for (const [fields, message] of cases) {
        const r = await shop.post(form, fields, { formPage: `/dashboard/stores/${store.storeId}/withdrawals` })
        assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(fields)}: status ${r.status}`)
        assert.match(r.html, message, JSON.stringify(fields))
        assert.match(r.html, /role="alert"/)
        // The form keeps what was typed, so the person can correct it.
        if (fields.to) assert.ok(r.html.includes(`value="${fields.to}"`))
      }
      assert.deepEqual(await counts(), before)
      assert.equal((await apiBalance(store)).ETH.available, 0.99)
    })

    test('a withdrawal on the simulated network: queued, sent, confirmed with its transaction hash, and the balance follows', async () => {
      const r = await withdrawInTwoSteps(shop, store.storeId, { currency: 'ETH', amount: '0.25', to: ETH_TO })
      assert.equal(r.status, 200, 'the withdrawals page, after the redirect')
      assert.match(r.html, /Withdrawal queued/)
      assert.equal((await apiBalance(store)).ETH.available, 0.74)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(12)
      await t.kassa.runWorkersOnce()
      const row = await t.kassa.database.db
        .selectFrom('payouts')
        .selectAll()
        .where('store_id', '=', store.storeId)
        .executeTakeFirstOrThrow()
      assert.equal(row.status, 'confirmed')
      assert.ok(row.tx_hash)
      const page = await shop.get(`/dashboard/stores/${store.storeId}/withdrawals`)
      assert.match(page.html, new RegExp(`<span class="badge confirmed">confirmed</span>[\\s\\S]*${row.tx_hash}`))
      assert.ok(page.html.includes(ETH_TO))
      const api = await apiBalance(store)
      assert.equal(api.ETH.total_withdrawn, 0.25)
      assert.equal(api.ETH.available, 0.74)
    })

    test('a merchant gets 404 on every operator page and form, and nothing changes', async () => {
      const gets = ['', '/accounts', '/settings', '/networks', '/rates', '/screening', '/audit', '/audit?trackcode=ABC']
      for (const p of gets) {
        const r = await shop.get(`/dashboard/operator${p}`)
        assert.equal(r.status, 404, `GET ${p}`)
        assert.doesNotMatch(r.html, /Operator settings|Screening list</)
      }
      const settingsBefore = await t.kassa.operatorSettings.get()
      const posts: [string, Record<string, string>][] = [
        ['/settings', { default_commission: '7', signup_open: '' }],
        ['/screening', { address: MAINNET_BTC, reason: 'x' }],
        ['/screening/remove', { address: MAINNET_BTC }],
        [`/stores/${otherStore.storeId}/disable`, {}],
      ]
      for (const [p, fields] of posts) {
        const r = await shop.post(`/dashboard/operator${p}`, fields, { formPage: '/dashboard/account' })
        assert.equal(r.status, 404, `POST ${p}`)
      }
      assert.deepEqual(await t.kassa.operatorSettings.get(), settingsBefore)
      assert.equal((await t.kassa.screening.list()).length, 0)
      assert.equal((await t.kassa.stores.getStore(otherStore.storeId)).enabled, true)
      // The operator sees the same pages.
      for (const p of gets) assert.equal((await op.get(`/dashboard/operator${p}`)).status, 200, `operator GET ${p}`)
    })

    test('partner keys: created and shown once; rotating the Swap API key stops the old one at once', async () => {
      const none = await shop.get('/dashboard/partner')
      assert.match(none.html, /no Swap API keys yet/)
      const created = await shop.post('/dashboard/partner/keys', {})
      assert.equal(created.status, 200)
      const apiKey = /id="swap-api-key">(swk_[^<]+)</.exec(created.html)?.[1]
      const partnerKey = /id="partner-key">(swp_[^<]+)</.exec(created.html)?.[1]
      assert.ok(apiKey && partnerKey, 'both keys shown')
      assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', apiKey)).status, 200)
      assert.ok(!(await shop.get('/dashboard/partner')).html.includes(apiKey), 'never shown again')
      assert.equal((await shop.post('/dashboard/partner/keys', {})).status, 409)

      const rotated = await shop.post('/dashboard/partner/rotate-api-key', {})
      const newKey = /id="swap-api-key">(swk_[^<]+)</.exec(rotated.html)?.[1]
      assert.ok(newKey && newKey !== apiKey)
      assert.ok(!rotated.html.includes('id="partner-key"'), 'only the rotated key is shown')
      expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', apiKey), 401, 'UNAUTHORIZED')
      assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', newKey)).status, 200)

      const shopAccount = (await t.kassa.stores.getStore(store.storeId)).accountId
      const p2 = /id="partner-key">(swp_[^<]+)</.exec((await shop.post('/dashboard/partner/rotate-partner-key', {})).html)?.[1]
      assert.ok(p2 && p2 !== partnerKey)
      assert.equal(await t.kassa.swapAccounts.partnerAccount(partnerKey), undefined)
      assert.equal(await t.kassa.swapAccounts.partnerAccount(p2), shopAccount)
      assert.equal(
        (await swapRequest(t, 'GET', '/v1/meta/mixer', newKey)).status,
        200,
        'the API key is untouched by a partner key rotation',
      )
    })

    test('partner earnings: the ledger balance per currency and each credit by order', async () => {
      const shopAccount = (await t.kassa.stores.getStore(store.storeId)).accountId
      const now = t.clock.now()
      // What an activation writes (order-funding.ts): the credit in the ledger, and its audit record.
      await new LedgerRepository(t.kassa.database.db, t.kassa.database.dialect).post({
        currency: 'ETH',
        storeId: null,
        paymentId: null,
        lines: partnerCreditLines(shopAccount, 1_500_000_000_000_000n),
        now,
      })
      await t.kassa.database.db
        .insertInto('swap_audit')
        .values([
          {
            id: `a-${dialect.name}-1`,
            trackcode: 'ABCDEF0123456789',
            account_id: 'someone',
            event: 'created',
            detail: JSON.stringify({ coin: 'eth', network: 'eth' }),
            created_at: now,
          },
          {
            id: `a-${dialect.name}-2`,
            trackcode: 'ABCDEF0123456789',
            account_id: 'someone',
            event: 'activated',
            detail: JSON.stringify({ partner_account_id: shopAccount, partner_credit: '1500000000000000' }),
            created_at: now + 1,
          },
        ])
        .execute()
      const page = (await shop.get('/dashboard/partner')).html
      assert.match(page, /data-earning="ETH">0\.0015</)
      assert.match(page, /ABCDEF0123456789<\/td><td class="num">0\.0015 ETH/)
      // Another partner sees none of it.
      const other = await dashboardClient(t, 'other@example.com')
      assert.doesNotMatch((await other.get('/dashboard/partner')).html, /ABCDEF0123456789|0\.0015/)
    })

    test('screening list: a malformed address is refused, a valid one added with its reason, then removed', async () => {
      for (const bad of ['not-an-address', `${MAINNET_BTC}x`, '0x8ba1f109551bd432803012645ac136ddd64dbA72']) {
        const r = await op.post('/dashboard/operator/screening', { address: bad, reason: 'test' })
        assert.equal(r.status, 400, bad)
        assert.match(r.html, /is not a valid address on any network/)
      }
      assert.equal((await t.kassa.screening.list()).length, 0)
      const ok = await op.post('/dashboard/operator/screening', { address: MAINNET_BTC, reason: 'court <order> 7' })
      assert.equal(ok.status, 200)
      assert.ok(ok.html.includes('court &#60;order&#62; 7'))
      assert.deepEqual(
        (await t.kassa.screening.list()).map((e) => [e.address, e.reason]),
        [[MAINNET_BTC, 'court <order> 7']],
      )
      assert.equal((await op.post('/dashboard/operator/screening/remove', { address: MAINNET_BTC })).status, 200)
      assert.equal((await t.kassa.screening.list()).length, 0)
      assert.equal((await op.post('/dashboard/operator/screening/remove', { address: MAINNET_BTC })).status, 404)
    })

    test('operator lists show HTML in account and store names as text', async () => {
      const r = await op.get('/dashboard/operator/accounts')
      assert.equal(r.status, 200)
      assert.ok(r.html.includes('Shop &#38; &#60;b&#62;Sons&#60;/b&#62;'))
      assert.ok(r.html.includes('&#60;img src=x onerror=alert(1)&#62;'))
      assert.ok(!r.html.includes('<img src=x'))
      assert.ok(!r.html.includes('<b>Sons'))
      assert.ok(r.html.includes('shop@example.com'))
    })

    test('the operator disables and enables a store: its Merchant API answers 403 while disabled', async () => {
      const r = await op.post(`/dashboard/operator/stores/${otherStore.storeId}/disable`, {}, { formPage: '/dashboard/operator/accounts' })
      assert.equal(r.status, 200)
      assert.equal((await t.kassa.stores.getStore(otherStore.storeId)).enabled, false)
      assert.equal((await t.request(otherStore, 'GET', '/api/v1/merchant/balance')).status, 403)
      await op.post(`/dashboard/operator/stores/${otherStore.storeId}/enable`, {}, { formPage: '/dashboard/operator/accounts' })
      assert.equal((await t.kassa.stores.getStore(otherStore.storeId)).enabled, true)
      assert.equal(
        (
          await op.post(
            '/dashboard/operator/stores/00000000-0000-0000-0000-000000000000/disable',
            {},
            { formPage: '/dashboard/operator/accounts' },
          )
        ).status,
        404,
      )
    })

    test('settings take effect: a new store gets the new default commission; closed sign-up refuses', async () => {
      for (const bad of ['abc', '60', '1.234', '-1']) {
        const r = await op.post('/dashboard/operator/settings', { default_commission: bad, signup_open: '1' })
        assert.equal(r.status, 400, bad)
        assert.match(r.html, /commission/)
        assert.equal((await t.kassa.operatorSettings.get()).defaultCommissionBp, 100)
      }
      const r = await op.post('/dashboard/operator/settings', { default_commission: '2.5' })
      assert.equal(r.status, 200)
      assert.deepEqual(await t.kassa.operatorSettings.get(), { defaultCommissionBp: 250, signupOpen: false })
      assert.equal((await t.createStore('ETH')).storeId.length, 36)
      const newest = await t.kassa.database.db
        .selectFrom('stores')
        .select('commission_bp')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
      assert.ok(newest.some((s) => s.commission_bp === 250))
      const s2 = await t.kassa.stores.createStore({ name: 'After', currencies: [{ code: 'ETH', strategy: 'unique_address' }] })
      assert.equal(s2.store.commissionBp, 250)
      assert.equal((await t.kassa.stores.getStore(store.storeId)).commissionBp, 100, 'existing stores keep theirs')
      const signup = await anonymousClient(t).post(
        '/dashboard/signup',
        { email: 'late@example.com', password: TEST_PASSWORD },
        { formPage: '/dashboard/login' },
      )
      assert.equal(signup.status, 403)
      await op.post('/dashboard/operator/settings', { default_commission: '1', signup_open: '1' })
      assert.deepEqual(await t.kassa.operatorSettings.get(), { defaultCommissionBp: 100, signupOpen: true })
    })

    test('overview: webhook attempts per day, delivered against failed', async () => {
      const now = t.clock.now()
      const day = 86_400_000
      const attempt = (at: number, status: number | null) => ({
        event_id: null,
        store_id: store.storeId,
        delivery_id: 'd',
        url: 'https://shop.example/hook',
        attempted_at: at,
        status_code: status,
        latency_ms: 5,
        error: null,
        response_excerpt: null,
      })
      await t.kassa.database.db
        .insertInto('webhook_attempts')
        .values([attempt(now, 200), attempt(now, 204), attempt(now, 500), attempt(now - day, null), attempt(now - 20 * day, 200)])
        .execute()
      const r = await op.get('/dashboard/operator')
      const today = new Date(now).toISOString().slice(0, 10)
      const yesterday = new Date(now - day).toISOString().slice(0, 10)
      assert.match(r.html, new RegExp(`<td>${today}</td><td class="num">2</td><td class="num">1</td>\\s*<td class="num">66\\.7 %</td>`))
      assert.match(r.html, new RegExp(`<td>${yesterday}</td><td class="num">0</td><td class="num">1</td>`))
      assert.match(r.html, /<figure class="chart">[\s\S]*<svg viewBox[^>]*aria-label="Webhook attempts per day/)
      assert.doesNotMatch(r.html, new RegExp(new Date(now - 20 * day).toISOString().slice(0, 10)))
    })

    test('networks and rates: cursor, head and lag of each simulated network; the rate table with its age', async () => {
      await t.kassa.simulation.mine(3, 'sim-bitcoin')
      const r = await op.get('/dashboard/operator/networks')
      const row = /<tr data-network="sim-ethereum">([\s\S]*?)<\/tr>/.exec(r.html)?.[1] ?? ''
      const [cursor, head, lag] = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1])
      const tip = await t.kassa.database.db
        .selectFrom('chain_cursors')
        .select('height')
        .where('network', '=', 'sim-ethereum')
        .executeTakeFirstOrThrow()
      assert.equal(cursor, String(tip.height))
      assert.equal(Number(head) - Number(cursor), Number(lag))
      assert.match(row, /ETH/)
      const rates = await op.get('/dashboard/operator/rates')
      assert.match(rates.html, /<tr data-asset="btc"><th scope="row">BTC<\/th><td class="num">\d/)
      assert.match(rates.html, /id="rates-state">fresh</)
    })

    test('swap audit: newest first, filtered by trackcode or account', async () => {
      const now = t.clock.now() + 10_000
      await t.kassa.database.db
        .insertInto('swap_audit')
        .values([
          {
            id: `b-${dialect.name}-1`,
            trackcode: '1111111111111111',
            account_id: 'acct-one',
            event: 'created',
            detail: '{"note":"<i>x</i>"}',
            created_at: now,
          },
          {
            id: `b-${dialect.name}-2`,
            trackcode: '1111111111111111',
            account_id: 'acct-one',
            event: 'deleted',
            detail: '{}',
            created_at: now + 1,
          },
          {
            id: `b-${dialect.name}-3`,
            trackcode: '2222222222222222',
            account_id: 'acct-two',
            event: 'created',
            detail: '{}',
            created_at: now + 2,
          },
        ])
        .execute()
      const all = (await op.get('/dashboard/operator/audit')).html
      assert.ok(all.indexOf('2222222222222222') < all.indexOf('1111111111111111'), 'newest first')
      assert.ok(all.includes('&#60;i&#62;x&#60;/i&#62;'))
      const one = (await op.get('/dashboard/operator/audit?trackcode=1111111111111111')).html
      assert.ok(!one.includes('>2222222222222222<'))
      assert.ok(one.indexOf('>deleted<') < one.indexOf('>created<'))
      const acct = (await op.get('/dashboard/operator/audit?account=acct-two')).html
      assert.ok(acct.includes('2222222222222222') && !acct.includes('>1111111111111111<'))
    })
  })
}
