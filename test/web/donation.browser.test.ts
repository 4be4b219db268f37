import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot, startShopServer } from '../support/browser.js'
import type { ShopServer } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment, newPayment, paymentCount, paymentIds } from './browser-helpers.js'

// The donation widget in its three modes (button, topbar, inline) with the seed's attributes,
// on a page of another origin, and the direct donation page /donate/{api_key}.

const skip = browserSkipReason()
/** A function for locator.evaluate, built from text: tsx's helpers (__name) do not exist in the page. */
const inPage = (body: string) => new Function('el', body) as (el: unknown) => unknown
const [sqlite] = await testDialects()

describe('donation widget and page in a real browser', { skip }, () => {
  let t: TestKassa
  let shop: ShopServer
  let browser: Browser
  let context: BrowserContext
  let store: StoreCredentials
  const script = (attrs: string) => `<script src="${t.baseUrl}/donate-widget.js" data-store-key="${store.apiKey}" ${attrs}></script>`
  const donateFrame = (page: Page) => page.frameLocator('iframe[title="Donate"]')

  before(async () => {
    t = await startTestKassa(sqlite!)
    shop = await startShopServer()
    store = await t.createStore('USDT_TRC20,BTC', { name: 'Open Source Fund' })
    await t.kassa.pageSettings.update(store.storeId, {
      donationsEnabled: true,
      donationText: 'Support us',
      donationAmounts: ['5', '10', '25'],
      donationThanks: 'Thanks, friend!',
      donationColor: '#f59e0b',
    })
    shop.set(
      '/button',
      `<!doctype html><html lang="en"><body><h1>Blog</h1><p>Before</p>
${script('data-text="Buy me a coffee" data-amounts="3,7,15" data-color="#e11d48"')}<p>After</p></body></html>`,
    )
    shop.set(
      '/topbar',
      `<!doctype html><html lang="en"><body><h1>Blog</h1>
${script('data-mode="topbar" data-amounts="20,40" data-color="#16a34a"')}</body></html>`,
    )
    shop.set(
      '/inline',
      `<!doctype html><html lang="en"><body><h1>Blog</h1><div id="crypto-donate"></div>
${script('data-mode="inline" data-target="crypto-donate" data-text="Tip the author" data-color="#7c3aed"')}</body></html>`,
    )
    shop.set('/plain', `<!doctype html><html lang="en"><body><h1>Blog</h1>${script('')}</body></html>`)
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 800, height: 760 } })
  })
  after(async () => {
    await context?.close()
    await browser?.close()
    await shop?.close()
    await t?.close()
  })

  const bg = (page: Page, sel: string) => page.locator(sel).evaluate(inPage('return getComputedStyle(el).backgroundColor'))

  test('button mode: data-text, data-amounts and data-color; the form opens over the page and makes a donation', async () => {
    const page = await context.newPage()
    await page.goto(`${shop.origin}/button`)
    const button = page.locator('button[data-kassa-donate]')
    assert.equal(await button.innerText(), 'Buy me a coffee')
    assert.equal(await bg(page, 'button[data-kassa-donate]'), 'rgb(225, 29, 72)')
    // Placed where the script is: between "Before" and "After".
    assert.equal(await page.evaluate('document.querySelector("[data-kassa-donate]").previousElementSibling.tagName'), 'SCRIPT')
    await screenshot(page, 'donate-widget-button')
    await button.click()
    const f = donateFrame(page)
    await f.locator('h1', { hasText: 'Support Open Source Fund' }).waitFor()
    assert.deepEqual(await f.locator('.amounts span').allInnerTexts(), ['$3', '$7', '$15', 'Other amount'])
    assert.equal(await f.locator('button.primary').evaluate(inPage('return getComputedStyle(el).backgroundColor')), 'rgb(225, 29, 72)')
    await screenshot(page, 'donate-widget-form')
    const before = await paymentIds(t)
    await f.locator('label:has-text("$7")').click()
    await f.locator('#currency').selectOption('USDT_TRC20')
    await f.locator('#donor-name').fill('Grace')
    await f.locator('#donor-message').fill('Keep going!')
    await f.locator('button[type=submit]').click()
    await f.locator('h1', { hasText: /^Pay 7\.\d\d USDT$/ }).waitFor()
    const p = await newPayment(t, before)
    assert.equal(p.source, 'donation')
    assert.equal(p.fiat_amount, '7')
    assert.deepEqual(JSON.parse(p.metadata!), { donor_name: 'Grace', donor_message: 'Keep going!' })
    await f.locator('#sim-form button[value=full]').click()
    await confirmSimulatedPayment(t, p.id)
    await f.locator('#done-box', { hasText: 'Thanks, friend!' }).waitFor()
    await screenshot(page, 'donation-paid')
    await page.click('[data-kassa-close]')
    assert.equal(await page.locator('[data-kassa-overlay]').count(), 0)
    await page.close()
  })

  test("topbar mode: a fixed bar with the store's text and title, in the colour given", async () => {
    const page = await context.newPage()
    await page.goto(`${shop.origin}/topbar`)
    const bar = page.locator('[data-kassa-topbar]')
    await bar.locator('[data-kassa-title]', { hasText: 'Support Open Source Fund' }).waitFor()
    assert.equal(await bar.evaluate(inPage('return getComputedStyle(el).position')), 'fixed')
    assert.equal(await bar.evaluate(inPage('return el.getBoundingClientRect().top')), 0)
    // No data-text: the store's own button text.
    await page.locator('button[data-kassa-donate]', { hasText: 'Support us' }).waitFor()
    assert.equal(await bg(page, 'button[data-kassa-donate]'), 'rgb(22, 163, 74)')
    await screenshot(page, 'donate-widget-topbar')
    await page.click('button[data-kassa-donate]')
    assert.deepEqual(await donateFrame(page).locator('.amounts span').allInnerTexts(), ['$20', '$40', 'Other amount'])
    await page.keyboard.press('Escape')
    assert.equal(await page.locator('[data-kassa-overlay]').count(), 0)
    await page.close()
  })

  test("no data-* at all: the store's saved text, colour and amounts", async () => {
    const page = await context.newPage()
    await page.goto(`${shop.origin}/plain`)
    const button = page.locator('button[data-kassa-donate]')
    await page.waitForFunction("document.querySelector('button[data-kassa-donate]')?.textContent === 'Support us'")
    // The saved colour arrives with the store's configuration, after the button is placed.
    await page.waitForFunction(
      "getComputedStyle(document.querySelector('button[data-kassa-donate]')).backgroundColor === 'rgb(245, 158, 11)'",
    )
    await button.click()
    const form = donateFrame(page)
    assert.deepEqual(await form.locator('.amounts span').allInnerTexts(), ['$5', '$10', '$25', 'Other amount'])
    assert.equal(await form.locator('button.primary').evaluate(inPage('return getComputedStyle(el).backgroundColor')), 'rgb(245, 158, 11)')
    await page.close()
  })

  test('inline mode: rendered inside data-target with its own text and colour', async () => {
    const page = await context.newPage()
    await page.goto(`${shop.origin}/inline`)
    const button = page.locator('#crypto-donate > button[data-kassa-donate]')
    assert.equal(await button.innerText(), 'Tip the author')
    assert.equal(await bg(page, '#crypto-donate > button'), 'rgb(124, 58, 237)')
    await screenshot(page, 'donate-widget-inline')
    await button.click()
    // No data-amounts: the store's presets.
    assert.deepEqual(await donateFrame(page).locator('.amounts span').allInnerTexts(), ['$5', '$10', '$25', 'Other amount'])
    await page.close()
  })

  test('the direct donation page: another amount in BTC; a 501-character message is refused with no payment', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await phone.newPage()
    await page.goto(`${t.baseUrl}/donate/${store.apiKey}`)
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 360)
    await screenshot(page, 'donation-page-phone')
    const before = await paymentCount(t)
    const ids = await paymentIds(t)
    await page.locator('label:has-text("Other amount") >> nth=0').click()
    await page.locator('#other-amount').fill('12.50')
    await page.locator('#currency').selectOption('BTC')
    // The textarea stops at 500 characters; a script (or an old browser) can still send more.
    await page.locator('#donor-message').evaluate(inPage('el.maxLength = 1000'))
    await page.locator('#donor-message').fill('x'.repeat(501))
    await page.locator('button[type=submit]').click()
    await page.locator('#donate-error', { hasText: 'donor_message must be at most 500 characters.' }).waitFor()
    assert.equal(await paymentCount(t), before)
    assert.equal(await page.locator('#other-amount').inputValue(), '12.50')
    await screenshot(page, 'donation-page-refused')
    await page.locator('#donor-message').fill('Thanks for the docs')
    await page.locator('button[type=submit]').click()
    await page.locator('h1', { hasText: /^Pay 0\.\d+ BTC$/ }).waitFor()
    const p = await newPayment(t, ids)
    assert.equal(p.fiat_amount, '12.50')
    assert.equal(p.fiat_currency, 'USD')
    await phone.close()
  })
})
