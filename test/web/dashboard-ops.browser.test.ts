import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { getAddress } from 'viem'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { expectSwapError, swapRequest } from '../swap/swap-client.js'
import { confirmSimulatedPayment, until } from './browser-helpers.js'

// Balances, a withdrawal end to end, the partner keys and the operator pages as a person uses
// them in Chromium: signed in through the form, every change made by clicking.

const skip = browserSkipReason()
const [sqlite] = await testDialects()
const TO = getAddress('0x8ba1f109551bd432803012645ac136ddd64dba72')

describe('dashboard balances, withdrawals, partner and operator pages in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let store: StoreCredentials

  before(async () => {
    t = await startTestKassa(sqlite!)
    await createDashboardUser(t, 'op@example.com', { operator: true, accountName: 'Operator' })
    const shop = await createDashboardUser(t, 'shop@example.com', { accountName: 'Corner Shop' })
    store = await t.createStore('ETH', { accountId: shop.accountId, name: 'Corner <b>Shop</b>' })
    // A completed 2 ETH test payment: 1.98 ETH available after the 1 % commission.
    const p = JSON.parse((await t.request(store, 'POST', '/api/v1/payment/create', { amount: '2' })).text).data
    await t.kassa.simulation.pay(p.payment_id)
    await confirmSimulatedPayment(t, p.payment_id)
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()
    // Rotate and remove buttons ask first (data-confirm); the person says yes.
    page.on('dialog', (d) => void d.accept())
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('balances: what the Merchant API reports', async () => {
    await signInInBrowser(page, t.baseUrl, 'shop@example.com')
    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/balances`)
    const cells = await page.locator('tr[data-currency="ETH"] td').allInnerTexts()
    assert.deepEqual(cells, ['1.98', '0', '2', '0', '0.02'])
    await screenshot(page, 'dashboard-balances')
  })

  test('a withdrawal: a refusal explained, then one sent on the simulated network and confirmed with its hash', async () => {
    await page.click('text=Withdraw')
    await page.waitForURL(/\/withdrawals$/)
    await page.fill('#amount', '3')
    await page.fill('#to', TO)
    await page.click('button:has-text("Review withdrawal")')
    assert.match(await page.locator('.notice.error').innerText(), /exceeds the available balance of 1\.98 ETH/)
    assert.equal(await page.inputValue('#to'), TO, 'what was typed stays')
    await page.fill('#amount', '0.5')
    await page.click('button:has-text("Review withdrawal")')
    assert.match(await page.locator('#withdrawal-confirm').innerText(), /0\.5 ETH/)
    await page.click('button:has-text("Confirm withdrawal")')
    await page.locator('.notice.ok', { hasText: 'Withdrawal queued' }).waitFor()
    assert.match(page.url(), /\/withdrawals$/, 'redirected to the page, nothing in the URL')
    assert.equal(await page.locator('#withdrawals tbody tr').count(), 1)

    // The payout engine sends it; blocks confirm it. The page shows the final status and hash.
    const row = page.locator('#withdrawals tbody tr').first()
    await until(
      async () => {
        await t.kassa.runWorkersOnce()
        await t.kassa.simulation.mine(1, 'sim-ethereum')
        await page.reload()
        return (await row.locator('.badge').innerText()) === 'confirmed'
      },
      15_000,
      'the withdrawal to be confirmed',
    )
    const hash = await row.locator('td.tx').innerText()
    assert.match(hash, /^[0-9a-f]{64}$/)
    const payout = await t.kassa.database.db
      .selectFrom('payouts')
      .selectAll()
      .where('store_id', '=', store.storeId)
      .executeTakeFirstOrThrow()
    assert.equal(payout.tx_hash, hash)
    assert.match(await page.locator('select#currency').innerText(), /available 1\.48/)
    await screenshot(page, 'dashboard-withdrawals')
  })

  test('partner page: keys created and shown once, the Swap API key rotated', async () => {
    await page.click('text=Partner (Swap API)')
    await page.click('text=Create Swap API keys')
    const first = await page.locator('#swap-api-key').innerText()
    assert.match(first, /^swk_/)
    assert.match(await page.locator('#partner-key').innerText(), /^swp_/)
    assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', first)).status, 200)
    await page.click('text=Rotate Swap API key')
    const second = await page.locator('#swap-api-key').innerText()
    assert.notEqual(second, first)
    expectSwapError(await swapRequest(t, 'GET', '/v1/meta/mixer', first), 401, 'UNAUTHORIZED')
    assert.equal((await swapRequest(t, 'GET', '/v1/meta/mixer', second)).status, 200)
    await screenshot(page, 'dashboard-partner')
    await page.goto(`${t.baseUrl}/dashboard/partner`)
    assert.equal(await page.locator('#swap-api-key').count(), 0, 'a key is shown once')
    assert.equal(await page.locator('a[href="/dashboard/operator"]').count(), 0, 'a merchant has no operator menu')
  })

  test('operator pages: overview, accounts with a store disabled, settings, networks, rates, screening, audit', async () => {
    await page.click('form[action="/dashboard/logout"] button')
    await signInInBrowser(page, t.baseUrl, 'op@example.com')
    // A fortnight of webhook attempts, some failed, for the overview's chart.
    const day = 86_400_000
    await t.kassa.database.db
      .insertInto('webhook_attempts')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          event_id: null,
          store_id: store.storeId,
          delivery_id: `d${i}`,
          url: 'https://shop.example/hook',
          attempted_at: t.clock.now() - (i % 14) * day,
          status_code: i % 5 === 0 ? 500 : 200,
          latency_ms: 20,
          error: null,
          response_excerpt: null,
        })),
      )
      .execute()
    await page.click('a[href="/dashboard/operator"]')
    assert.equal(await page.locator('figure.chart svg[role=img]').count(), 1)
    assert.equal(await page.locator('#webhook-days tbody tr').count(), 14)
    await screenshot(page, 'dashboard-operator')

    await page.click('text=Accounts and stores')
    const storeItem = page.locator(`li[data-store="${store.storeId}"]`)
    assert.match(await storeItem.innerText(), /Corner <b>Shop<\/b>/, 'the name shown as text')
    await storeItem.locator('button:has-text("Disable")').click()
    assert.match(await page.locator('.notice.ok').innerText(), /is disabled/)
    assert.equal((await t.kassa.stores.getStore(store.storeId)).enabled, false)
    await storeItem.locator('button:has-text("Enable")').click()
    assert.equal((await t.kassa.stores.getStore(store.storeId)).enabled, true)

    await page.click('a[href="/dashboard/operator/settings"]')
    await page.fill('#default_commission', '1.5')
    await page.click('text=Save settings')
    assert.match(await page.locator('.notice.ok').innerText(), /Settings saved/)
    assert.equal((await t.kassa.operatorSettings.get()).defaultCommissionBp, 150)

    await page.click('text=Networks')
    assert.match(await page.locator('tr[data-network="sim-ethereum"]').innerText(), /ETH/)
    await screenshot(page, 'dashboard-networks')
    await page.click('text=Rate sources')
    assert.equal(await page.locator('#rates-state').innerText(), 'fresh')
    await screenshot(page, 'dashboard-rates')

    await page.click('text=Screening list')
    await page.fill('#address', 'bc1qnot-valid')
    await page.click('text=Add to the list')
    assert.match(await page.locator('.notice.error').innerText(), /not a valid address/)
    await page.fill('#address', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')
    await page.fill('#reason', 'sanctions list entry')
    await page.click('text=Add to the list')
    assert.match(await page.locator('#screening').innerText(), /sanctions list entry/)
    await screenshot(page, 'dashboard-screening')

    await t.kassa.database.db
      .insertInto('swap_audit')
      .values([
        {
          id: 'browser-1',
          trackcode: 'A1B2C3D4E5F60718',
          account_id: 'acct-1',
          event: 'created',
          detail: '{"coin":"btc","network":"btc","amount":"100000"}',
          created_at: t.clock.now(),
        },
        {
          id: 'browser-2',
          trackcode: 'FFFF000011112222',
          account_id: 'acct-2',
          event: 'created',
          detail: '{"coin":"eth","network":"eth","amount":"5000000"}',
          created_at: t.clock.now() + 1,
        },
      ])
      .execute()
    await page.click('text=Swap audit')
    assert.equal(await page.locator('#audit tbody tr').count(), 2)
    await page.fill('#trackcode', 'a1b2c3d4e5f60718')
    await page.click('text=Filter')
    assert.equal(await page.locator('#audit tbody tr').count(), 1)
    assert.match(await page.locator('#audit').innerText(), /A1B2C3D4E5F60718/)
    await screenshot(page, 'dashboard-audit')
  })
})
