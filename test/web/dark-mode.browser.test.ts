import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

/**
 * Buyer pages follow the device's colour scheme (`prefers-color-scheme: dark`): a dark page with
 * light text, while the QR code keeps its light background so that wallets can still scan it.
 */
const skip = browserSkipReason()
const [sqlite] = await testDialects()

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('buyer pages in a dark colour scheme', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  before(async () => {
    t = await startTestKassa(sqlite!)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('the payment page is dark with AA-contrast text; the QR code stays on white', async () => {
    const store = await t.createStore('USDT_TRC20')
    const r = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '25' })
    assert.equal(r.status, 200, r.text)
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 480, height: 900 } })
      const page = await ctx.newPage()
      await page.goto(`${t.baseUrl}/pay/${r.json.data.payment_id}`)
      const style = (sel: string, prop: string) =>
        page
          .locator(sel)
          .first()
          .evaluate(new Function('el', `return getComputedStyle(el).getPropertyValue('${prop}')`) as (el: unknown) => string)
      const main = await style('main', 'background-color')
      const text = await style('main', 'color')
      const label = await style('.label', 'color')
      if (scheme === 'dark') {
        assert.ok(luminance(main) < 0.05, `a dark page, not ${main}`)
        await screenshot(page, 'payment-pending-dark')
      } else assert.ok(luminance(main) > 0.9, `a light page, not ${main}`)
      assert.ok(contrast(text, main) >= 4.5, `body text ${text} on ${main}: ${contrast(text, main).toFixed(2)}`)
      assert.ok(contrast(label, main) >= 4.5, `labels ${label} on ${main}: ${contrast(label, main).toFixed(2)}`)
      assert.equal(await style('.qr svg', 'background-color'), scheme === 'dark' ? 'rgb(255, 255, 255)' : 'rgba(0, 0, 0, 0)')
      await ctx.close()
    }
  })
})
