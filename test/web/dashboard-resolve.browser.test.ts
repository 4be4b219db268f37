import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { createPayment, events } from '../lifecycle/lifecycle-helpers.js'

// A merchant marks an expired payment as paid in Chromium: opens it from the list, gives a
// reason, ticks the confirmation, and lands back on the payment with the outcome, the
// resolution and its timeline line.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('marking a payment paid in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let accountId: string

  before(async () => {
    t = await startTestKassa(sqlite!)
    accountId = (await createDashboardUser(t, 'merchant@example.com', { accountName: 'Merchant' })).accountId
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage()
    await signInInBrowser(page, t.baseUrl, 'merchant@example.com')
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('an expired payment, marked paid with a reason, is completed and says by whom and why', async () => {
    const store = await t.createStore('BTC', { accountId, name: 'Corner shop' })
    const p = await createPayment(t, store, { amount: '0.01', order_id: 'A-1001' })
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()

    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/payments`)
    await page.click(`a[href$="/payments/${p.payment_id}"]`)
    await page.locator('#resolve h2', { hasText: 'Resolve by hand' }).waitFor()
    assert.equal(await page.locator('main table .badge').first().innerText(), 'expired')

    // The browser itself refuses the form without a reason or the confirmation (required fields).
    await page.click('#resolve-paid button[type=submit]')
    assert.equal(new URL(page.url()).pathname, `/dashboard/stores/${store.storeId}/payments/${p.payment_id}`)
    assert.equal((await t.kassa.deps.repos.payments.byId(p.payment_id))?.resolution, null)

    await page.fill('#resolve-paid-reason', 'Paid by bank transfer, ref. 2026-118')
    await page.check('#resolve-paid input[name=confirm]')
    await screenshot(page, 'dashboard-resolve-forms')
    await Promise.all([page.waitForURL(/\/payments\/[0-9a-f-]+$/), page.click('#resolve-paid button[type=submit]')])
    await page.locator('.notice.ok', { hasText: 'Payment marked as paid: it is completed now.' }).waitFor()
    assert.equal(await page.locator('main table .badge').first().innerText(), 'completed')
    const card = await page.locator('#resolution').innerText()
    assert.match(card, /Marked as paid/)
    assert.match(card, /merchant@example\.com/)
    assert.match(card, /Paid by bank transfer, ref\. 2026-118/)
    assert.match(await page.locator('ol.timeline').innerText(), /Marked as paid by merchant@example\.com: Paid by bank transfer/)
    assert.equal(await page.locator('#resolve').count(), 0, 'nothing left to resolve')
    await screenshot(page, 'dashboard-mark-paid')

    assert.deepEqual(
      (await events(t, p.payment_id)).map((e) => e.event),
      ['payment.expired', 'payment.completed'],
    )
    await page.reload()
    assert.equal(await page.locator('.notice.ok').count(), 0, 'a reload shows no flash and repeats nothing')
    assert.equal((await events(t, p.payment_id)).length, 2)
  })
})
