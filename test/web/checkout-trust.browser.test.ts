import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { deflateSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { createDashboardUser, signInInBrowser } from '../support/dashboard.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment } from './browser-helpers.js'

// Checkout trust (issue 15) in Debian's Chromium on a 360 px phone: the buyer sees whom they
// pay (store name and logo), the currency by its human name with its network and a warning
// to send on that network only, and once the payment is final a way back to the shop. The
// merchant uploads the logo from the store settings.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

/** A real PNG (so the browser decodes it): 120×40, a blue bar on white, built by hand. */
function logoPng(): Buffer {
  const w = 120
  const h = 40
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (b: Buffer) => {
    let c = 0xffffffff
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const rows: number[] = []
  for (let y = 0; y < h; y++) {
    rows.push(0)
    for (let x = 0; x < w; x++) rows.push(...(y > 10 && y < 30 ? [37, 99, 235] : [255, 255, 255]))
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('checkout trust in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let phone: BrowserContext
  let store: StoreCredentials
  let accountId: string
  const png = logoPng()

  const create = async (body: Record<string, unknown>) => {
    const r = await t.request(store, 'POST', '/api/v1/payment/create', body)
    assert.equal(r.status, 200, r.text)
    return r.json.data as { payment_id: string }
  }
  const open = async (path: string, ctx = phone): Promise<Page & { errors: string[] }> => {
    const page = (await ctx.newPage()) as Page & { errors: string[] }
    page.errors = []
    page.on('pageerror', (e) => page.errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) page.errors.push(m.text())
    })
    await page.goto(t.baseUrl + path)
    return page
  }

  before(async () => {
    t = await startTestKassa(sqlite!)
    accountId = (await createDashboardUser(t, 'owner@example.com', { accountName: 'Owner' })).accountId
    const created = await t.kassa.stores.createStore({ name: 'Nordic Coffee', currencies: parseStoreCurrencies('USDT_TRC20'), accountId })
    store = { storeId: created.store.id, apiKey: created.store.apiKey, apiSecret: created.apiSecret, webhookSecret: created.webhookSecret }
    browser = await launchBrowser()
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, locale: 'en-US' })
  })
  after(async () => {
    await phone?.close()
    await browser?.close()
    await t?.close()
  })

  test('the merchant uploads a logo in the store settings and sees it', async () => {
    const desk = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' })
    const page = await desk.newPage()
    await signInInBrowser(page, t.baseUrl, 'owner@example.com')
    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/settings`)
    await page.locator('#no-logo').waitFor()
    await page.setInputFiles('#logo', { name: 'nordic.png', mimeType: 'image/png', buffer: png })
    await page.fill('#redirect_url', 'https://nordic-coffee.example/shop')
    await Promise.all([page.waitForURL(/\/settings$/), page.click('#logo-card button[type=submit]')])
    await page.locator('.notice', { hasText: 'Logo saved' }).waitFor()
    const preview = page.locator('#logo-preview')
    await preview.waitFor()
    await page.waitForFunction('document.getElementById("logo-preview").complete')
    assert.equal(Number(await page.evaluate('document.getElementById("logo-preview").naturalWidth')), 120, 'the preview decodes')
    await page.locator('#logo-card').scrollIntoViewIfNeeded()
    await screenshot(page, 'dashboard-store-logo')
    // The upload form is its own form: the typed return URL was not saved with it.
    assert.equal((await t.kassa.stores.getStore(store.storeId)).redirectUrl, null)
    await desk.close()
  })

  test('payment page: store name and logo, the currency with its network, the network warning', async () => {
    const p = await create({ amount: '25', order_id: 'TRUST-1' })
    const page = await open(`/pay/${p.payment_id}`)
    assert.equal(await page.locator('#store-name').innerText(), 'Nordic Coffee')
    const logo = page.locator('#store-logo')
    assert.match((await logo.getAttribute('src'))!, /^\/logos\/[0-9a-f]{64}$/)
    await page.waitForFunction('document.getElementById("store-logo").complete')
    assert.equal(
      Number(await page.evaluate('document.getElementById("store-logo").naturalWidth')),
      120,
      'the logo loads under the page CSP',
    )
    assert.equal(await page.locator('#currency-name').innerText(), 'USDT on TRON (TRC-20)')
    assert.equal(
      await page.locator('#network-warning').innerText(),
      'Send only USDT on the TRON (TRC-20) network. Money sent on any other network is lost.',
    )
    assert.match(await page.locator('h1').innerText(), /^Pay 25\.\d\d USDT$/)
    assert.equal(await page.locator('#back-link').count(), 0, 'no way back offered before the payment is final')
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 360)
    await screenshot(page, 'payment-pending-trust')
    // In Japanese the network warning is translated; the names stay as wallets print them.
    await page.goto(`${t.baseUrl}/pay/${p.payment_id}?lang=ja`)
    assert.match(await page.locator('#network-warning').innerText(), /TRON \(TRC-20\) ネットワークの USDT のみを送金してください/)
    // ?lang= is remembered in a cookie: back to English for the tests that follow.
    await page.goto(`${t.baseUrl}/pay/${p.payment_id}?lang=en`)
    assert.deepEqual(page.errors, [])
    await page.close()
  })

  test("completed: the page turns final live and offers 'Back to <store>' to the payment's redirect_url", async () => {
    const p = await create({ amount: '10', redirect_url: 'https://nordic-coffee.example/orders/TRUST-2?done=1' })
    const page = await open(`/pay/${p.payment_id}`)
    const back = page.locator('#back-link')
    assert.equal(await back.isHidden(), true, 'drawn but hidden while open')
    await page.click('#sim-form button[value=full]')
    await confirmSimulatedPayment(t, p.payment_id)
    await page.locator('#status-text', { hasText: 'Paid. Thank you!' }).waitFor({ timeout: 10_000 })
    await back.waitFor({ state: 'visible' })
    assert.equal(await back.innerText(), 'Back to Nordic Coffee')
    assert.equal(await back.getAttribute('href'), 'https://nordic-coffee.example/orders/TRUST-2?done=1')
    await screenshot(page, 'payment-completed-redirect')
    // Following it leaves Kassa for the shop (the shop's page is stood in for here).
    await page.route('https://nordic-coffee.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<h1>Shop order page</h1>' }))
    await Promise.all([page.waitForURL('https://nordic-coffee.example/orders/TRUST-2?done=1'), back.click()])
    assert.equal(await page.locator('h1').innerText(), 'Shop order page')
    assert.deepEqual(page.errors, [])
    await page.close()
  })

  test("expired: the store's default return URL is offered where the page used to promise a link it did not give", async () => {
    await t.kassa.stores.updateStore(store.storeId, { redirectUrl: 'https://nordic-coffee.example/' })
    const p = await create({ amount: '12' })
    t.clock.advance(31 * 60_000)
    await t.kassa.runWorkersOnce()
    const page = await open(`/pay/${p.payment_id}`)
    assert.equal(await page.locator('h1').innerText(), 'Payment expired')
    assert.equal(await page.locator('#back-link').getAttribute('href'), 'https://nordic-coffee.example/')
    assert.equal(await page.locator('#back-link').isVisible(), true)
    await page.close()
  })
})
