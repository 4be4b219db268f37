import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { signInInBrowser } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { prepareDashboardTour, TOUR_EMAIL } from './dashboard-tour.js'
import type { DashboardTour } from './dashboard-tour.js'

// The dashboard on a 360 px phone in Chromium: no page is wider than the screen (wide tables
// scroll inside their own box), and the side navigation folds into a menu button that opens
// without any script of the page's own (the CSP allows none inline).

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('the dashboard on a 360 px wide phone', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let tour: DashboardTour

  before(async () => {
    t = await startTestKassa(sqlite!)
    tour = await prepareDashboardTour(t)
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })).newPage()
    await signInInBrowser(page, t.baseUrl, TOUR_EMAIL)
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('no main page is wider than 360 px', async () => {
    const wide: string[] = []
    for (const p of tour.pages) {
      assert.equal((await page.goto(`${t.baseUrl}${p.path}`))?.status(), 200, p.name)
      await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true })`)
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number
      if (width > 360) wide.push(`${p.name} (${p.path}): ${width} px`)
    }
    assert.deepEqual(wide, [], `pages wider than the phone:\n${wide.join('\n')}`)
  })

  test('a table wider than the phone scrolls inside its own box', async () => {
    await page.goto(`${t.baseUrl}/dashboard/stores/${tour.store.storeId}/payments`)
    const box = (await page.evaluate(`(() => {
      const table = document.querySelector('main table')
      let box = table.parentElement
      while (box && getComputedStyle(box).overflowX !== 'auto') box = box.parentElement
      return box ? { scroll: box.scrollWidth, client: box.clientWidth, table: table.getBoundingClientRect().width } : null
    })()`)) as { scroll: number; client: number; table: number } | null
    assert.ok(box, 'the payments table sits in a box that scrolls sideways')
    assert.ok(box.client <= 360, `the box fits the screen (${box.client} px)`)
  })

  test('the menu button hides and shows the navigation', async () => {
    await page.goto(`${t.baseUrl}/dashboard/stores/${tour.store.storeId}`)
    const payments = page.locator('nav.side a', { hasText: 'Payments' })
    const operator = page.locator('nav.side a', { hasText: 'Accounts and stores' })
    assert.equal(await payments.isVisible(), false, 'the links are folded away on a phone')
    const button = page.locator('nav.side .menu-btn')
    assert.ok(await button.isVisible(), 'a menu button instead')
    await button.click()
    await payments.waitFor({ state: 'visible' })
    assert.ok(await operator.isVisible())
    assert.equal((await page.evaluate('document.documentElement.scrollWidth')) as number, 360)
    await screenshot(page, 'dashboard-phone-menu')
    await Promise.all([page.waitForURL(/\/payments$/), payments.click()])
    assert.equal(await page.locator('h1').innerText(), 'Payments')
    assert.equal(await page.locator('nav.side a', { hasText: 'Balances' }).isVisible(), false, 'folded again on the next page')
    // The keyboard works too: the toggle is a real, focusable checkbox behind the label.
    await page.focus('#menu-toggle')
    await page.keyboard.press('Space')
    await page.locator('nav.side a', { hasText: 'Balances' }).waitFor({ state: 'visible' })
  })

  test('on a wide screen the navigation is always shown and there is no menu button', async () => {
    const wide = await browser.newContext({ viewport: { width: 1200, height: 800 } })
    const p = await wide.newPage()
    await signInInBrowser(p, t.baseUrl, TOUR_EMAIL)
    await p.goto(`${t.baseUrl}/dashboard/stores/${tour.store.storeId}`)
    assert.ok(await p.locator('nav.side a', { hasText: 'Payments' }).isVisible())
    assert.equal(await p.locator('nav.side .menu-btn').isVisible(), false)
    await wide.close()
  })
})
