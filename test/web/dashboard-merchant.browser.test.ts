import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { confirmSimulatedPayment } from './browser-helpers.js'

// A merchant's day in the dashboard, in Chromium: sign in through the form, create a store,
// rotate its keys (the secret shown once), see a Merchant API test payment paid with the
// simulator in the list and its detail, a donation under ❤️ Donations, resend a webhook.
// One walk, in order: each step uses what the one before made.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('merchant dashboard pages in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let hooks: WebhookReceiver
  let creds: StoreCredentials
  let storeBase: string
  let paymentId: string

  before(async () => {
    t = await startTestKassa(sqlite!, { env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1' } })
    hooks = await startWebhookReceiver()
    await createDashboardUser(t, 'merchant@example.com', { accountName: 'Merchant' })
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage()
    // The rotate buttons ask first (data-confirm); the merchant says yes.
    page.on('dialog', (d) => void d.accept())
    await signInInBrowser(page, t.baseUrl, 'merchant@example.com')
  })
  after(async () => {
    await browser?.close()
    await hooks?.close()
    await t?.close()
  })

  test('create a store from the form: its secrets are shown once', async () => {
    await page.goto(`${t.baseUrl}/dashboard/stores`)
    await page.locator('p', { hasText: 'No store yet' }).waitFor()
    await page.click('text=New store')
    await page.fill('#name', 'Corner <Shop>')
    await page.check('input[name=currency][value=USDT_TRC20]')
    await page.check('input[name=currency][value=BTC]')
    await page.fill('#expiry_minutes', '60')
    await page.click('button:has-text("Create store")')
    await page.locator('.secret', { hasText: 'created' }).waitFor()
    const apiKey = await page.locator('#api-key').innerText()
    const apiSecret = await page.locator('#api-secret').innerText()
    const webhookSecret = await page.locator('#webhook-secret').innerText()
    const store = (await t.kassa.stores.listStores()).find((s) => s.apiKey === apiKey)
    assert.ok(store, 'the store exists with the key shown')
    assert.equal(store.name, 'Corner <Shop>')
    assert.equal(store.expiryMinutes, 60)
    creds = { storeId: store.id, apiKey, apiSecret, webhookSecret }
    storeBase = `${t.baseUrl}/dashboard/stores/${store.id}`
    await page.goto(`${t.baseUrl}/dashboard/stores`)
    await page.locator('td a', { hasText: 'Corner <Shop>' }).waitFor()
    await screenshot(page, 'dashboard-stores')
  })

  test('rotate the API key: the new secret is shown once, the old pair stops working', async () => {
    await page.goto(`${storeBase}/keys`)
    assert.equal(await page.locator('.secret').count(), 0, 'no secret on a plain visit')
    await page.click('button:has-text("Rotate API key and secret")')
    await page.locator('.secret', { hasText: 'old pair no longer works' }).waitFor()
    const apiKey = await page.locator('#api-key').innerText()
    const apiSecret = await page.locator('#api-secret').innerText()
    assert.notEqual(apiKey, creds.apiKey)
    assert.equal((await t.request(creds, 'GET', '/api/v1/payments')).status, 401)
    creds = { ...creds, apiKey, apiSecret }
    assert.equal((await t.request(creds, 'GET', '/api/v1/payments')).status, 200)
    await page.goto(`${storeBase}/keys`)
    assert.equal(await page.locator('.secret').count(), 0)
    assert.ok(!(await page.content()).includes(apiSecret), 'the secret is gone for good')
    await screenshot(page, 'dashboard-keys')
  })

  test('settings: a webhook URL and donations switched on', async () => {
    await page.goto(`${storeBase}/settings`)
    await page.fill('#webhook_url', hooks.url)
    await page.click('button:has-text("Save store settings")')
    await page.locator('.notice.ok', { hasText: 'Store settings saved' }).waitFor()
    await page.check('input[name=donations_enabled]')
    await page.fill('#donation_color', 'not a colour')
    await page.click('button:has-text("Save widget and donation settings")')
    await page.locator('.notice.error', { hasText: 'colour must be #rgb' }).waitFor()
    assert.equal((await t.kassa.pageSettings.get(creds.storeId)).donationsEnabled, false, 'nothing saved on an error')
    await page.fill('#donation_color', '#e11d48')
    await page.click('button:has-text("Save widget and donation settings")')
    await page.locator('.notice.ok', { hasText: 'Widget and donation settings saved' }).waitFor()
    assert.equal((await t.kassa.pageSettings.get(creds.storeId)).donationColor, '#e11d48')
    assert.equal((await t.kassa.stores.getStore(creds.storeId)).webhookUrl, hooks.url)
    await screenshot(page, 'dashboard-settings')
  })

  test('a Merchant API test payment paid with the simulator, in the list and its detail', async () => {
    const r = await t.request(creds, 'POST', '/api/v1/payment/create', {
      amount: '25',
      currency: 'USDT_TRC20',
      order_id: 'order-<42>',
      metadata: { customer: 'Ada <ada@example.com>', items: [{ sku: 'TEA-01', qty: 2 }] },
    })
    assert.equal(r.status, 200, r.text)
    paymentId = r.json.data.payment_id
    await t.kassa.simulation.pay(paymentId)
    await confirmSimulatedPayment(t, paymentId)
    await t.kassa.webhookWorker.runUntilIdle()
    await hooks.waitFor(2)
    await page.goto(`${storeBase}/payments`)
    const row = page.locator('tr', { hasText: 'order-<42>' })
    await row.locator('.badge.completed').waitFor()
    await page.fill('#q', 'order-<42>')
    await page.click('button:has-text("Filter")')
    assert.equal(await page.locator('tbody tr').count(), 1)
    await screenshot(page, 'dashboard-payments')
    await page.click(`a[href$="/payments/${paymentId}"]`)
    await page.locator('h1', { hasText: `Payment …${paymentId.slice(-12)}` }).waitFor()
    const timeline = page.locator('.timeline')
    await timeline.locator('li', { hasText: /Transfer of 25\.\d+ USDT_TRC20 seen/ }).waitFor()
    await timeline.locator('li', { hasText: 'payment.completed' }).locator('li', { hasText: '→ 200' }).waitFor()
    assert.ok(await timeline.locator('li', { hasText: 'payment.confirming' }).count())
    // Metadata as text (the address in angle brackets is not markup), the money with commission and net.
    assert.match(await page.locator('#payment-metadata').innerText(), /"customer": "Ada <ada@example.com>",\n {2}"items": \[/)
    const money = await page.locator('#payment-money').innerText()
    assert.match(money, /Rate at creation\s+1 USDT_TRC20 = 1\.0001 USD/i)
    assert.match(money, /Commission \(1 %\)\s+0\.25\d* USDT_TRC20/i)
    assert.match(money, /Net to the store\s+24\.\d+ USDT_TRC20/i)
    assert.equal(await page.inputValue('#buyer-url'), `${t.kassa.config.publicUrl}/pay/${paymentId}`)
    await screenshot(page, 'dashboard-payment-detail')
  })

  test("a donation appears under ❤️ Donations with the donor's words", async () => {
    const res = await fetch(`${t.baseUrl}/donate/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: creds.apiKey,
        currency: 'BTC',
        amount: '0.001',
        donor_name: 'Ada',
        donor_message: 'For the <coffee>',
      }),
    })
    const id = ((await res.json()) as { data: { payment_id: string } }).data.payment_id
    await t.kassa.simulation.pay(id)
    await confirmSimulatedPayment(t, id)
    await page.click('nav.side a:has-text("Donations")')
    const row = page.locator('tr', { hasText: 'Ada' })
    await row.locator('td', { hasText: 'For the <coffee>' }).waitFor()
    await row.locator('.badge.completed').waitFor()
    await page.locator('.card', { hasText: 'BTC, 1 donation' }).locator('.stat', { hasText: '0.001' }).waitFor()
    await screenshot(page, 'dashboard-donations')
  })

  test('the webhook log: resend an event, and it is delivered again', async () => {
    const before = hooks.received.length
    await page.goto(`${storeBase}/webhooks`)
    const row = page.locator('tr', { hasText: 'payment.completed' })
    await row.locator('.badge.delivered').waitFor()
    assert.equal(await row.locator('td.num').nth(2).innerText(), '200')
    await row.locator('button:has-text("Resend")').click()
    await page.locator('.notice.ok', { hasText: 'will be sent again' }).waitFor()
    await t.kassa.webhookWorker.runUntilIdle()
    await hooks.waitFor(before + 1)
    assert.match(hooks.received.at(-1)!.body, /"status":\s*"completed"/)
    await page.click('button:has-text("Send a test event")')
    await page.locator('.notice.ok', { hasText: 'answered 200' }).waitFor()
    await screenshot(page, 'dashboard-webhooks')
  })

  test('the overview draws its charts; the unmatched deposits page lists none', async () => {
    await page.goto(storeBase)
    await page.locator('.stat', { hasText: /^2$/ }).first().waitFor()
    const chart = page.locator('figure.chart svg[role=img][aria-label^="Received per day, USDT_TRC20"]')
    assert.equal(await chart.locator('rect title').count(), 1, 'one day with USDT received')
    assert.match((await chart.locator('rect title').textContent()) ?? '', /USDT_TRC20: 25\.\d+ USDT_TRC20/)
    assert.ok(await page.locator('svg[aria-label^="Payments by status"] rect').count())
    // The y axis in USDT at round steps from 0, the x axis the days; USD values at the offline rates.
    const ticks = await chart.locator('text.tick[text-anchor=end]').allTextContents()
    assert.deepEqual(ticks, ['0', '10', '20', '30'])
    assert.equal((await chart.locator('text.tick[text-anchor=middle]').allTextContents()).length, 14, 'one date per day')
    assert.match(await page.locator('.card[data-currency=USDT_TRC20] .fiat').innerText(), /^≈ 25\.\d\d USD$/)
    assert.equal(await page.locator('.card[data-currency=BTC] .fiat').innerText(), '≈ 97.50 USD')
    assert.match(await page.locator('.card[data-currency=total] .stat').innerText(), /^122\.\d\d USD$/)
    await screenshot(page, 'dashboard-store-overview')
    await page.goto(`${storeBase}/unmatched`)
    await page.locator('p', { hasText: 'No unmatched deposits' }).waitFor()
    await screenshot(page, 'dashboard-unmatched')
  })
})
