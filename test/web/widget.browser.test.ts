import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot, seedQuickStart, startShopServer } from '../support/browser.js'
import type { ShopServer } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment, newPayment, paymentById, paymentCount, paymentIds, until } from './browser-helpers.js'

// The seed's widget quick start, served by a shop on another origin than Kassa's, in Debian's
// Chromium: click, pay in test mode inside the overlay, onSuccess with tx_hash; close; errors.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('pay widget in a real browser', { skip }, () => {
  let t: TestKassa
  let shop: ShopServer
  let otherShop: ShopServer
  let browser: Browser
  let context: BrowserContext
  let store: StoreCredentials

  before(async () => {
    t = await startTestKassa(sqlite!)
    shop = await startShopServer()
    otherShop = await startShopServer()
    store = await t.createStore('USDT_TRC20')
    await t.kassa.pageSettings.update(store.storeId, { widgetEnabled: true, widgetOrigins: [shop.origin] })
    shop.set('/quick', seedQuickStart(t.baseUrl, store.apiKey))
    otherShop.set('/quick', seedQuickStart(t.baseUrl, store.apiKey))
    shop.set(
      '/negative',
      `<!doctype html><html lang="en"><body><button id="b">Pay</button>
<script src="${t.baseUrl}/widget.js"></script><script>
CryptoMerchant.init({ apiKey: '${store.apiKey}' });
document.getElementById('b').onclick = function () {
  CryptoMerchant.pay({ amount: -5, onError: function (e) { console.error('Payment error:', e.message) } })
};</script></body></html>`,
    )
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } })
  })
  after(async () => {
    await context?.close()
    await browser?.close()
    await shop?.close()
    await otherShop?.close()
    await t?.close()
  })

  test('quick start: click, pay the full amount in test mode, onSuccess gets the payment with tx_hash', async () => {
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.accept()
    })
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    const before = await paymentIds(t)
    await page.goto(`${shop.origin}/quick`)
    await page.click('#pay-btn')
    const frame = page.frameLocator('iframe[title="Crypto payment"]')
    await frame.locator('#sim-form button[value=full]').waitFor()
    const p = await newPayment(t, before)
    assert.equal(p.source, 'widget')
    assert.equal(p.order_id, 'ORDER-123')
    assert.equal(p.amount_requested, '100000000')
    await frame
      .locator('#countdown')
      .filter({ hasText: /^\d\d:\d\d$/ })
      .waitFor()
    await screenshot(page, 'widget-overlay')
    await frame.locator('#sim-form button[value=full]').click()
    await confirmSimulatedPayment(t, p.id)
    await until(() => dialogs.length > 0, 10_000, 'onSuccess')
    const paid = await paymentById(t, p.id)
    assert.equal(paid.status, 'completed')
    assert.ok(paid.tx_hash)
    assert.deepEqual(dialogs, [`Payment confirmed! TX: ${paid.tx_hash}`])
    await frame.locator('#status-text').filter({ hasText: 'Paid. Thank you!' }).waitFor()
    await screenshot(page, 'widget-paid')
    assert.deepEqual(pageErrors, [])
    await page.close()
  })

  test('close: the × button and Escape close the overlay and call onClose', async () => {
    const page = await context.newPage()
    const logs: string[] = []
    page.on('console', (m) => logs.push(m.text()))
    await page.goto(`${shop.origin}/quick`)
    await page.click('#pay-btn')
    await page.frameLocator('iframe[title="Crypto payment"]').locator('#status-text').waitFor()
    await page.click('[data-kassa-close]')
    await until(() => logs.includes('Widget closed'), 5000, 'onClose')
    assert.equal(await page.locator('[data-kassa-overlay]').count(), 0)
    // Focus returns to the button that opened it: keyboard users are not lost.
    assert.equal(await page.evaluate('document.activeElement.id'), 'pay-btn')
    await page.keyboard.press('Enter')
    await page.frameLocator('iframe[title="Crypto payment"]').locator('#status-text').waitFor()
    await page.keyboard.press('Escape')
    await until(() => logs.filter((l) => l === 'Widget closed').length === 2, 5000, 'onClose after Escape')
    await page.close()
  })

  test('error: a shop origin the store did not allow gets onError with the reason, and no payment', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    const before = await paymentCount(t)
    await page.goto(`${otherShop.origin}/quick`)
    await page.click('#pay-btn')
    await until(() => errors.some((e) => e.startsWith('Payment error:')), 5000, 'onError')
    // A string, not a function: tsx's helpers do not exist in the page.
    const err = await page.evaluate(`new Promise((resolve) => CryptoMerchant.pay({ amount: '1', onError: (e) => resolve(e.message) }))`)
    assert.equal(err, `This website (${otherShop.origin}) is not allowed to take payments for this store.`)
    assert.equal(await page.locator('[data-kassa-overlay]').count(), 0)
    assert.equal(await paymentCount(t), before)
    await page.close()
  })

  test('error: a negative amount gets onError naming the field, and no payment', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    const before = await paymentCount(t)
    await page.goto(`${shop.origin}/negative`)
    await page.click('#b')
    await until(() => errors.find((e) => e.startsWith('Payment error:')), 5000, 'onError')
    assert.match(errors.find((e) => e.startsWith('Payment error:'))!, /amount/)
    assert.equal(await paymentCount(t), before)
    await page.close()
  })
})
