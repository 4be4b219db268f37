import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { listUnmatchedDeposits, assignDeposit } from '../../src/services/payments/unmatched-deposits.js'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment, paymentById, until } from './browser-helpers.js'

// What the buyer sees after a part payment, on a confirming payment's test button, and on the
// final pages: the rest to send (live, without a reload), no pay button once nothing is due,
// and a heading that says how the payment ended.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('payment page: part payments, the test button, final pages', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let phone: BrowserContext
  let shared: StoreCredentials
  let own: StoreCredentials
  const create = async (creds: StoreCredentials, body: Record<string, unknown>) => {
    const r = await t.request(creds, 'POST', '/api/v1/payment/create', body)
    assert.equal(r.status, 200, r.text)
    return r.json.data as { payment_id: string; pay_address: string; amount_with_cents?: number }
  }
  const open = async (path: string, ctx = phone): Promise<Page> => {
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // A strict policy the page breaks is a bug (pages.browser.test.ts does the same).
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text())
    })
    pageErrors.set(page, errors)
    await page.goto(t.baseUrl + path)
    // Set once: still there later means the page was never reloaded.
    await page.evaluate('window.__sameDocument = true')
    return page
  }
  const pageErrors = new Map<Page, string[]>()
  const sameDocument = async (page: Page) => {
    assert.equal(await page.evaluate('window.__sameDocument === true'), true, 'the page reloaded')
    assert.deepEqual(pageErrors.get(page), [])
  }
  const statusText = (page: Page, text: string | RegExp) =>
    page.locator('#status-text').filter({ hasText: text }).waitFor({ timeout: 10_000 })
  const seen = (id: string, check: (p: Awaited<ReturnType<typeof paymentById>>) => boolean) =>
    until(
      async () => {
        await t.kassa.runWorkersOnce()
        return check(await paymentById(t, id))
      },
      10_000,
      'the transfer to be seen',
    )

  before(async () => {
    t = await startTestKassa(sqlite!)
    shared = await t.createStore('USDT_TRC20')
    own = await t.createStore('USDT_TRC20:unique_address')
    browser = await launchBrowser()
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, locale: 'en-US' })
  })
  after(async () => {
    await phone?.close()
    await browser?.close()
    await t?.close()
  })

  test('a part arrives: the big figure, QR code and wallet link ask for the rest, live; the button pays the rest', async () => {
    const p = await create(own, { amount: '10', order_id: 'PART-1' })
    const page = await open(`/pay/${p.payment_id}`)
    assert.equal(await page.locator('#due').innerText(), '10.00')
    await page.click('#sim-form button[value=half]')
    await seen(p.payment_id, (r) => r.amount_received !== '0')
    assert.equal((await paymentById(t, p.payment_id)).status, 'pending')
    await page.locator('#due', { hasText: /^5\.00$/ }).waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('#due-label').innerText(), 'Send exactly the rest')
    await page.locator('.qr[aria-label="QR code to pay 5.00 USDT"]').waitFor({ timeout: 10_000 })
    assert.match((await page.locator('#wallet-link').getAttribute('href'))!, /[?&]amount=5(\.0+)?(&|$)/)
    assert.equal(await page.locator('#missing').innerText(), '5.00 USDT')
    assert.equal(await page.locator('#sim-rest').innerText(), 'Pay the rest')
    assert.equal(await page.locator('#rest-note').isHidden(), true)
    await sameDocument(page)
    await screenshot(page, 'payment-partial')

    // Copy still works on the refreshed pay box, and copies the rest.
    await page.locator('button[data-copy=due]').click()
    await page.locator('#copy-status').filter({ hasText: 'Copied' }).waitFor()

    await page.click('#sim-rest')
    await seen(p.payment_id, (r) => r.status === 'confirming')
    await statusText(page, 'waiting for confirmations')
    assert.equal((await paymentById(t, p.payment_id)).amount_received, '10000000', 'exactly the rest was sent')
    await sameDocument(page)
    await page.close()
  })

  test('a part on a shared address: no amount asked for, the page says why and what to do', async () => {
    const p = await create(shared, { amount: '20' })
    const page = await open(`/pay/${p.payment_id}`)
    // A smaller transfer to the shared address is unmatched; the merchant assigns it by hand.
    await t.kassa.simulation.pay(p.payment_id, '8')
    const deposit = await until(async () => {
      await t.kassa.runWorkersOnce()
      return (await listUnmatchedDeposits(t.kassa.deps, shared.storeId))[0]
    })
    await assignDeposit(t.kassa.deps, deposit.id, p.payment_id)
    await t.kassa.runWorkersOnce()
    assert.equal((await paymentById(t, p.payment_id)).status, 'pending')
    const reloaded = await open(`/pay/${p.payment_id}`)
    for (const view of [reloaded, page]) {
      await view.locator('#rest-note').waitFor({ state: 'visible', timeout: 10_000 })
      assert.match(
        await view.locator('#rest-note').innerText(),
        /^8\.00 of 20\.\d\d USDT arrived\. .*exact amount only.*missing 12\.\d\d USDT.*contact the merchant/,
      )
      assert.equal(await view.locator('#pay-box').isHidden(), true)
      assert.equal(await view.locator('#sim-box').isHidden(), true)
    }
    await sameDocument(page)
    await screenshot(reloaded, 'payment-partial-shared')
    await page.close()
    await reloaded.close()
  })

  test('the test button goes once nothing is due: confirming shows none', async () => {
    const p = await create(shared, { amount: '6' })
    const page = await open(`/pay/${p.payment_id}`)
    assert.equal(await page.locator('#sim-box').isVisible(), true)
    await page.click('#sim-form button[value=full]')
    await seen(p.payment_id, (r) => r.status === 'confirming')
    await statusText(page, 'waiting for confirmations')
    await page.locator('#sim-box').waitFor({ state: 'hidden', timeout: 5000 })
    assert.equal(await page.locator('#pay-box').isHidden(), true)
    const reloaded = await open(`/pay/${p.payment_id}`)
    assert.equal(await reloaded.locator('#sim-box').isHidden(), true)
    await page.close()
    await reloaded.close()
  })

  test('final pages say how the payment ended, live and on load, in the buyer language', async () => {
    const gone = await create(shared, { amount: '7' })
    const page = await open(`/pay/${gone.payment_id}`)
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()
    await page.locator('h1', { hasText: 'Payment expired' }).waitFor({ timeout: 10_000 })
    assert.equal(await page.title(), 'Payment expired')
    const text = await page.locator('#status-text').innerText()
    assert.doesNotMatch(text, /go back to the shop/)
    assert.match(text, /do not send anything to it now/)
    await page.close()

    const paid = await create(own, { amount: '2' })
    await t.kassa.simulation.pay(paid.payment_id)
    await confirmSimulatedPayment(t, paid.payment_id)
    const under = await create(own, { amount: '2' })
    await t.kassa.simulation.pay(under.payment_id, '1')
    await confirmSimulatedPayment(t, under.payment_id)
    const over = await create(own, { amount: '2' })
    await t.kassa.simulation.pay(over.payment_id, '3')
    await confirmSimulatedPayment(t, over.payment_id)
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()
    for (const [id, h1] of [
      [paid.payment_id, 'Payment completed'],
      [under.payment_id, 'Payment incomplete: time is up'],
      [over.payment_id, 'Payment completed, more than due'],
      [gone.payment_id, 'Payment expired'],
    ] as const) {
      const view = await open(`/pay/${id}`)
      assert.equal(await view.locator('h1').innerText(), h1)
      assert.equal(await view.title(), h1)
      await view.close()
    }
    const de = await open(`/pay/${paid.payment_id}?lang=de`)
    assert.equal(await de.locator('h1').innerText(), 'Zahlung abgeschlossen')
    await de.close()
  })
})
