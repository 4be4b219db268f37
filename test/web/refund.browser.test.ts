import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { BUYER_BTC, BUYER_ETH, completedEthPayment, settle } from '../refunds/refund-helpers.js'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// A merchant refunds part of a payment from its detail page (form, confirmation, link), and the
// buyer opens the link in Chromium: a wrong-network address is refused, theirs is sent.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('refunds in a real browser: the merchant’s form and the buyer’s link', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let store: StoreCredentials
  let paymentId: string
  let link: string

  const refundPayouts = () => t.kassa.database.db.selectFrom('payouts').selectAll().where('kind', '=', 'refund').execute()

  before(async () => {
    t = await startTestKassa(sqlite!)
    const shop = await createDashboardUser(t, 'shop@example.com', { accountName: 'Corner Shop' })
    store = await t.createStore('ETH', { accountId: shop.accountId, name: 'Corner Shop' })
    paymentId = await completedEthPayment(t, store, '1')
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('the merchant: form on the payment, a refusal explained, a confirmation step, then the buyer’s link', async () => {
    await signInInBrowser(page, t.baseUrl, 'shop@example.com')
    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/payments/${paymentId}`)
    const section = page.locator('#refund-section')
    assert.match(await section.locator('#refundable').innerText(), /^1(\.0+)? ETH$/)
    assert.equal(await page.inputValue('#refund-amount'), '1')

    await page.fill('#refund-amount', '2')
    await page.click('button:has-text("Refund…")')
    assert.match(await page.locator('.notice.error').innerText(), /more than the 1 ETH still refundable/)
    assert.equal(await page.inputValue('#refund-amount'), '2', 'what was typed stays')
    assert.equal((await t.kassa.repos.refunds.ofPayment(paymentId)).length, 0)

    await page.fill('#refund-amount', '0.4')
    await page.fill('#refund-reason', 'One item out of stock')
    await page.click('button:has-text("Refund…")')
    const confirm = page.locator('#refund-confirm')
    assert.match(await confirm.innerText(), /Refund 0\.4 ETH of payment .* through a link/)
    assert.equal((await t.kassa.repos.refunds.ofPayment(paymentId)).length, 0, 'the confirmation step writes nothing')
    await page.click('#refund-confirm-button')
    await page.waitForURL(/\/refunds$/)
    assert.match(await page.locator('.notice.ok').innerText(), /Refund of 0\.4 ETH created/)
    const shown = await page.inputValue('#refund-link')
    assert.match(shown, /^http:\/\/127\.0\.0\.1:\d+\/refund\/[A-Za-z0-9_-]{32}$/, 'the public URL of the link, to copy')
    // The test server's configured public URL has port 0; the page is the same on the real port.
    link = t.baseUrl + new URL(shown).pathname
    assert.equal(await page.locator('#refunds tbody tr').count(), 1)
    assert.equal(await page.locator('#refunds tbody tr .badge').innerText(), 'awaiting_address')
    assert.match(await page.locator('#refundable').innerText(), /^0\.6 ETH$/)
    await screenshot(page, 'dashboard-refund')
    // A reload shows the page again; it creates nothing.
    await page.reload()
    assert.equal((await t.kassa.repos.refunds.ofPayment(paymentId)).length, 1)
    assert.equal(await page.locator('#refund-link').count(), 0, 'the link notice is shown once')
  })

  test('the buyer: amount and network shown, a Bitcoin address refused, their Ethereum address sent', async () => {
    const buyer = await (await browser.newContext({ viewport: { width: 390, height: 760 }, locale: 'en-US' })).newPage()
    await buyer.goto(link)
    assert.equal(await buyer.locator('h1').innerText(), 'Refund from Corner Shop')
    assert.equal(await buyer.locator('#refund-amount').innerText(), '0.40000000 ETH')
    assert.equal(await buyer.locator('#refund-network').innerText(), 'Ethereum')
    assert.equal(await buyer.locator('#refund-network-id').innerText(), 'sim-ethereum')
    await screenshot(buyer, 'refund-link')

    await buyer.fill('#refund-address', BUYER_BTC)
    await buyer.click('button:has-text("Send my refund")')
    assert.match(await buyer.locator('#refund-error').innerText(), /This is not a valid address on Ethereum/)
    assert.equal(await buyer.inputValue('#refund-address'), BUYER_BTC)
    assert.equal((await refundPayouts()).length, 0, 'nothing queued for a wrong-network address')

    await buyer.fill('#refund-address', BUYER_ETH)
    await buyer.click('button:has-text("Send my refund")')
    await buyer.locator('[data-refund-status="queued"]').waitFor()
    assert.equal((await refundPayouts()).length, 1)
    assert.equal(await buyer.locator('#refund-form').count(), 0, 'no form once the address is known')
    // The same form sent again (a second tab left open): nothing more is queued.
    await Promise.all([
      buyer.waitForNavigation(),
      buyer.evaluate(
        `(() => { const f = document.createElement('form'); f.method = 'post'; f.action = location.pathname; const i = document.createElement('input'); i.name = 'address'; i.value = '${BUYER_ETH}'; f.appendChild(i); document.body.appendChild(f); f.submit() })()`,
      ),
    ])
    await buyer.locator('[data-refund-status="queued"]').waitFor()
    assert.equal((await refundPayouts()).length, 1)

    await settle(t, async () => (await refundPayouts())[0]!.status === 'broadcast' || (await refundPayouts())[0]!.status === 'confirmed')
    await buyer.reload()
    const tx = (await refundPayouts())[0]!.tx_hash!
    assert.equal(await buyer.locator('#refund-tx').innerText(), tx)
    assert.equal(await buyer.locator('#refund-to').innerText(), BUYER_ETH)
    assert.match(await buyer.locator('#refund-status').innerText(), /sent|arrived/)
    await screenshot(buyer, 'refund-sent')
    assert.equal((await refundPayouts()).length, 1)
  })

  test('the merchant sees the refund’s state on the payment, in its list and its timeline', async () => {
    await settle(t, async () => (await refundPayouts())[0]!.status === 'confirmed')
    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/payments/${paymentId}`)
    const row = page.locator('#refunds tbody tr')
    assert.equal(await row.count(), 1)
    assert.equal(await row.locator('.badge').innerText(), 'confirmed')
    assert.equal(await row.locator('td.tx').innerText(), (await refundPayouts())[0]!.tx_hash)
    assert.match(await page.locator('.timeline').innerText(), /Refund of 0\.4 ETH confirmed to 0x8ba1/)
    assert.match(await page.locator('.timeline').innerText(), /Webhook payment\.refunded/)
  })
})
