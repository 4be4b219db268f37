import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { paymentById, paymentCount } from './browser-helpers.js'

// Payments without code, in Chromium (issue 15): the merchant makes a payment link in the
// dashboard, a buyer opens it in another browser, enters an amount and lands on the payment
// page asking for that amount; then the merchant makes a "New payment" and its link works.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('payment links and New payment in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let merchant: Page
  let buyer: Page
  let storeBase: string
  let linkUrl: string

  before(async () => {
    t = await startTestKassa(sqlite!)
    const { accountId } = await createDashboardUser(t, 'seller@example.com', { accountName: 'Seller' })
    const store = await t.createStore('ETH,BTC', { accountId, name: 'Studio Nord' })
    storeBase = `${t.baseUrl}/dashboard/stores/${store.storeId}`
    browser = await launchBrowser()
    const merchantContext = await browser.newContext({ viewport: { width: 1200, height: 900 } })
    await merchantContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl })
    merchant = await merchantContext.newPage()
    merchant.on('dialog', (d) => void d.accept())
    // The buyer has no session of the merchant's: a context of their own.
    buyer = await (await browser.newContext({ viewport: { width: 420, height: 820 } })).newPage()
    await signInInBrowser(merchant, t.baseUrl, 'seller@example.com')
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('the merchant creates a buyer-chosen ETH link from the sidebar', async () => {
    await merchant.goto(`${storeBase}/payments`)
    await merchant.click('nav.side a:has-text("Payment links")')
    await merchant.locator('p', { hasText: 'No payment link yet' }).waitFor()
    await merchant.fill('#title', 'Pay what you want')
    await merchant.fill('#description', 'Support the studio: any amount from 0.01 to 5 ETH.')
    await merchant.check('input[name=pricing][value=open]')
    await merchant.selectOption('#unit', 'ETH')
    await merchant.fill('#min_amount', '0.01')
    await merchant.fill('#max_amount', '5')
    await merchant.click('button:has-text("Create link")')
    await merchant.locator('.notice.ok', { hasText: 'Payment link created' }).waitFor()
    linkUrl = await merchant.locator('#link-url').inputValue()
    assert.match(linkUrl, /\/link\/[0-9a-f-]{36}$/)
    await merchant.click('a:has-text("All links")')
    await merchant.locator('#links td', { hasText: 'buyer chooses, 0.01–5 ETH' }).waitFor()
    await screenshot(merchant, 'dashboard-payment-links')
  })

  test('a buyer opens the link, enters an amount and lands on the payment page for that amount', async () => {
    // The public URL names Kassa's configured address; the test server listens elsewhere.
    await buyer.goto(`${t.baseUrl}${new URL(linkUrl).pathname}`)
    assert.equal(await buyer.locator('#link-title').innerText(), 'Pay what you want')
    assert.match(await buyer.locator('#amount-limits').innerText(), /Between 0\.01 and 5 ETH/)
    await buyer.fill('#amount', '0.25')
    await screenshot(buyer, 'payment-link')
    // A bad amount first: the reason on the page, the input kept, no payment.
    const before = await paymentCount(t)
    await buyer.fill('#amount', '9')
    await buyer.click('#link-pay')
    await buyer.locator('#link-error', { hasText: 'amount must be at most 5 ETH' }).waitFor()
    assert.equal(await buyer.locator('#amount').inputValue(), '9')
    assert.equal(await paymentCount(t), before)
    await buyer.fill('#amount', '0.25')
    await Promise.all([buyer.waitForURL(/\/pay\/[0-9a-f-]{36}$/), buyer.click('#link-pay')])
    assert.equal((await buyer.locator('#due').innerText()).trim(), '0.25000000')
    const pid = /\/pay\/([0-9a-f-]{36})$/.exec(buyer.url())![1]!
    const row = await paymentById(t, pid)
    assert.deepEqual([row.currency, row.amount_requested, row.source], ['ETH', '250000000000000000', 'link'])
    // The link's page in the dashboard lists the buyer's payment.
    await merchant.click('#links a:has-text("Pay what you want")')
    await merchant.locator(`#link-payments a[href$="/payments/${pid}"]`).waitFor()
  })

  test('the merchant makes a New payment; its buyer link opens the payment page', async () => {
    await merchant.click('nav.side a:has-text("New payment")')
    await merchant.fill('#amount', '0.5')
    await merchant.selectOption('#currency', 'ETH')
    await merchant.fill('#order_id', 'INV-2041')
    await merchant.fill('#description', 'Logo design, final payment')
    await merchant.click('button:has-text("Create payment")')
    await merchant.locator('.notice.ok', { hasText: 'Payment created' }).waitFor()
    const buyerLink = await merchant.locator('#buyer-link').inputValue()
    assert.match(buyerLink, /\/pay\/[0-9a-f-]{36}$/)
    await merchant.locator('#payment-detail').waitFor()
    // Copy puts the link on the clipboard and says so.
    await merchant.click('button[data-copy="buyer-link"]')
    await merchant.locator('button[data-copy="buyer-link"]', { hasText: 'Copied' }).waitFor()
    assert.equal(await merchant.evaluate('navigator.clipboard.readText()'), buyerLink)
    await screenshot(merchant, 'dashboard-new-payment')
    await buyer.goto(`${t.baseUrl}${new URL(buyerLink).pathname}`)
    assert.equal((await buyer.locator('#due').innerText()).trim(), '0.50000000')
    const row = await paymentById(t, /\/pay\/([0-9a-f-]{36})$/.exec(buyerLink)![1]!)
    assert.deepEqual([row.order_id, JSON.parse(row.metadata!)], ['INV-2041', { description: 'Logo design, final payment' }])
  })
})
