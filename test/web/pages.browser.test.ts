import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment, paymentCount, until } from './browser-helpers.js'

// The hosted pages in Debian's Chromium on a 360 px wide phone: every state of the payment
// page (live over server-sent events, and over polling when those are blocked), expiry, the
// selection page, and the language switcher.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('payment and selection pages in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let phone: BrowserContext
  let store: StoreCredentials
  let multi: StoreCredentials
  let ownAddress: StoreCredentials
  const create = async (creds: StoreCredentials, body: Record<string, unknown>) => {
    const r = await t.request(creds, 'POST', '/api/v1/payment/create', body)
    assert.equal(r.status, 200, r.text)
    return r.json.data as { payment_id: string; payment_url: string }
  }
  const open = async (path: string, ctx = phone): Promise<Page> => {
    const page = await ctx.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // CSP violations show up as console errors: a strict policy the page breaks is a bug.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text())
    })
    ;(page as Page & { errors: string[] }).errors = errors
    await page.goto(t.baseUrl + path)
    return page
  }
  const statusText = (page: Page, text: string | RegExp) =>
    page.locator('#status-text').filter({ hasText: text }).waitFor({ timeout: 10_000 })
  const noErrors = (page: Page) => assert.deepEqual((page as Page & { errors: string[] }).errors, [])
  const pay = async (page: Page, part: 'full' | 'half' | 'more') => page.click(`#sim-form button[value=${part}]`)

  before(async () => {
    t = await startTestKassa(sqlite!)
    store = await t.createStore('USDT_TRC20')
    // Paying a part or more needs an address of its own: unique amounts match exact amounts only.
    ownAddress = await t.createStore('USDT_TRC20:unique_address')
    multi = await t.createStore('USDT_TRC20,BTC,ETH')
    browser = await launchBrowser()
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, locale: 'en-US' })
  })
  after(async () => {
    await phone?.close()
    await browser?.close()
    await t?.close()
  })

  test('pending: amount, address, QR, copy buttons, countdown, test mode; fits a 360 px phone', async () => {
    const p = await create(store, { amount: '25', order_id: 'PHONE-1' })
    const page = await open(`/pay/${p.payment_id}`)
    await page
      .locator('#countdown')
      .filter({ hasText: /^(29|30):\d\d$/ })
      .waitFor()
    assert.match(await page.locator('h1').innerText(), /^Pay 25\.\d\d USDT$/)
    assert.match(await page.locator('.test').innerText(), /Test mode\. No real money moves/)
    assert.equal(await page.locator('.qr svg').count(), 1)
    assert.match((await page.locator('.qr').getAttribute('aria-label'))!, /QR code to pay 25\.\d\d USDT/)
    assert.match((await page.locator('a.btn.primary').getAttribute('href'))!, /^tron:T\w+\?/)
    // Nothing wider than the phone: no horizontal scrolling.
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 360)
    await page.locator('button[data-copy=address]').click()
    await page.locator('#copy-status').filter({ hasText: 'Copied' }).waitFor()
    await screenshot(page, 'payment-pending-phone')
    noErrors(page)
    await page.close()
  })

  test('live status: confirming with progress, then completed, without a reload', async () => {
    const p = await create(store, { amount: '10' })
    const page = await open(`/pay/${p.payment_id}`)
    await pay(page, 'full')
    await until(
      async () => {
        await t.kassa.runWorkersOnce()
        return (
          (await t.kassa.database.db.selectFrom('payments').select('status').where('id', '=', p.payment_id).executeTakeFirstOrThrow())
            .status === 'confirming'
        )
      },
      10_000,
      'confirming',
    )
    await statusText(page, 'waiting for confirmations')
    await t.kassa.simulation.mine(5, 'sim-tron')
    await t.kassa.runWorkersOnce()
    await until(async () => Number(await page.locator('#conf-progress').getAttribute('value')) >= 5, 5000, 'progress')
    assert.match(await page.locator('#conf-text').innerText(), /^\d+ of 19$/)
    await screenshot(page, 'payment-confirming')
    await t.kassa.simulation.mine(20, 'sim-tron')
    await t.kassa.runWorkersOnce()
    await statusText(page, 'Paid. Thank you!')
    assert.equal(await page.locator('#pay-box').isHidden(), true)
    assert.equal(await page.locator('#tx-row').isVisible(), true)
    await screenshot(page, 'payment-completed')
    noErrors(page)
    await page.close()
  })

  test('overpaid and underpaid: what arrived and what is missing', async () => {
    const over = await create(ownAddress, { amount: '10' })
    const page = await open(`/pay/${over.payment_id}`)
    await pay(page, 'more')
    await confirmSimulatedPayment(t, over.payment_id)
    await statusText(page, /more than the amount due/)
    await screenshot(page, 'payment-overpaid')
    await page.close()

    const under = await create(ownAddress, { amount: '10' })
    const page2 = await open(`/pay/${under.payment_id}`)
    await pay(page2, 'half')
    await confirmSimulatedPayment(t, under.payment_id)
    await page2.locator('#missing-row').waitFor({ state: 'visible' })
    assert.match(await page2.locator('#received').innerText(), /^5\.\d+ USDT$/)
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()
    await statusText(page2, 'less than the amount due')
    assert.match(await page2.locator('#missing').innerText(), /^5\.\d+ USDT$/)
    await screenshot(page2, 'payment-underpaid')
    noErrors(page2)
    await page2.close()
  })

  test('expiry: the countdown runs out and the open page shows the payment expired', async () => {
    const p = await create(store, { amount: '7' })
    const page = await open(`/pay/${p.payment_id}`)
    await page
      .locator('#countdown')
      .filter({ hasText: /^\d\d:\d\d$/ })
      .waitFor()
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()
    await statusText(page, 'This payment has expired')
    assert.equal(await page.locator('#timer-row').isHidden(), true)
    assert.equal(await page.locator('#pay-box').isHidden(), true)
    await screenshot(page, 'payment-expired')
    await page.close()
  })

  test('polling fallback: with server-sent events blocked the page still follows the payment', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } })
    await ctx.route('**/events', (r) => r.abort())
    const p = await create(store, { amount: '8' })
    const page = await open(`/pay/${p.payment_id}`, ctx)
    await page.locator('#live-fallback').waitFor({ state: 'visible' })
    await pay(page, 'full')
    await confirmSimulatedPayment(t, p.payment_id)
    await statusText(page, 'Paid. Thank you!')
    await ctx.close()
  })

  test('selection: each currency with its converted amount; a pick creates the payment and opens it', async () => {
    const sel = await create(multi, { fiat_amount: '50', fiat_currency: 'EUR', order_id: 'SEL-9' })
    const url = new URL(sel.payment_url)
    const before = await paymentCount(t)
    const page = await open(url.pathname + url.search)
    assert.equal(await page.locator('h1').innerText(), 'Choose how to pay')
    assert.equal(await page.locator('form button').count(), 3)
    assert.match(await page.locator('button[value=BTC]').innerText(), /Pay with Bitcoin\s+0\.\d+ BTC/)
    await screenshot(page, 'selection')
    assert.equal(await paymentCount(t), before)
    await page.click('button[value=ETH]')
    await page.locator('h1', { hasText: /^Pay 0\.\d+ ETH$/ }).waitFor()
    assert.match(page.url(), /\/pay\/[0-9a-f-]{36}$/)
    assert.equal(await paymentCount(t), before + 1)
    assert.match(await page.locator('.muted').first().innerText(), /about 50 EUR/)
    await page.close()
  })

  test('languages: Accept-Language first, the switcher changes it and is remembered', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'de-DE' })
    const p = await create(store, { amount: '3' })
    const page = await open(`/pay/${p.payment_id}`, ctx)
    assert.match(await page.locator('h1').innerText(), /^3\.\d\d USDT bezahlen$/)
    assert.equal(await page.getAttribute('html', 'lang'), 'de')
    await page.click('nav.langs a[hreflang=ja]')
    await page.locator('h1', { hasText: /を支払う$/ }).waitFor()
    assert.equal(await page.getAttribute('html', 'lang'), 'ja')
    assert.equal(await page.locator('nav.langs a[aria-current]').innerText(), '日本語')
    await screenshot(page, 'payment-pending-ja')
    await page.goto(`${t.baseUrl}/pay/${p.payment_id}`)
    assert.equal(await page.getAttribute('html', 'lang'), 'ja')
    for (const [lang, title] of [
      ['ru', 'Оплатить'],
      ['zh', '支付'],
      ['es', 'Pagar'],
      ['fr', 'Payer'],
      ['pt', 'Pagar'],
      ['en', 'Pay'],
    ]) {
      await page.goto(`${t.baseUrl}/pay/${p.payment_id}?lang=${lang}`)
      assert.ok((await page.locator('h1').innerText()).includes(title!), lang)
    }
    await ctx.close()
  })

  test('an unknown payment: a clear page, not a stack trace', async () => {
    const page = await open('/pay/01234567-89ab-7def-8123-456789abcdef')
    assert.equal(await page.locator('[role=alert]').innerText(), 'This payment does not exist. Check the link you were given.')
    await screenshot(page, 'payment-not-found')
    await page.close()
  })
})
