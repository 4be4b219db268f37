import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext } from 'playwright-core'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { signInInBrowser } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { auditContrast, describeFailures } from './contrast-audit.js'
import { prepareDashboardTour, TOUR_EMAIL } from './dashboard-tour.js'
import type { DashboardTour } from './dashboard-tour.js'

// WCAG AA contrast of every visible text on the dashboard's and the buyer's pages, in the light
// and the dark colour scheme, measured in Chromium (contrast-audit.ts); and the dashboard
// following `prefers-color-scheme: dark` as the buyer pages do.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

describe('contrast of the dashboard and buyer pages', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let tour: DashboardTour
  const contexts: Partial<Record<'light' | 'dark', BrowserContext>> = {}

  before(async () => {
    t = await startTestKassa(sqlite!)
    tour = await prepareDashboardTour(t)
    browser = await launchBrowser()
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 1200, height: 900 } })
      await signInInBrowser(await ctx.newPage(), t.baseUrl, TOUR_EMAIL)
      contexts[scheme] = ctx
    }
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('the audit itself: flags grey on white and light text on a translucent light layer, passes black on white', async () => {
    const page = await browser.newPage()
    await page.setContent(`<body style="background:#fff">
<p id="ok" style="color:#000">fine</p><p style="color:#999">too light</p>
<div style="background:rgb(0 0 0 / 0.05)"><span style="color:#fff">white on near-white</span></div>
<h1 style="font-size:30px;color:#888">large and 3.5:1</h1><details><summary style="color:#000">s</summary><p style="color:#eee">hidden</p></details></body>`)
    const { checked, failures } = await auditContrast(page)
    assert.equal(checked, 5, 'five visible texts; the one in the closed <details> is not checked')
    assert.deepEqual(
      failures.map((f) => [f.text, f.required]),
      [
        ['too light', 4.5],
        ['white on near-white', 4.5],
      ],
    )
    await page.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`every dashboard page in the ${scheme} scheme: all text at least AA`, async () => {
      const page = await contexts[scheme]!.newPage()
      const problems: string[] = []
      for (const p of tour.pages) {
        assert.equal((await page.goto(`${t.baseUrl}${p.path}`))?.status(), 200, p.name)
        // Closed <details> (chart data tables) are part of the page too: open them all.
        await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true })`)
        const { checked, failures } = await auditContrast(page)
        assert.ok(checked > 5, `${p.name}: texts found (${checked})`)
        if (failures.length) problems.push(`${p.name} (${p.path}):\n${describeFailures(failures)}`)
      }
      assert.deepEqual(problems, [], problems.join('\n'))
      await page.close()
    })

    test(`buyer pages in the ${scheme} scheme: all text at least AA`, async () => {
      const page = await contexts[scheme]!.newPage()
      const problems: string[] = []
      for (const p of tour.buyerPages) {
        await page.goto(`${t.baseUrl}${p.path}`)
        const { checked, failures } = await auditContrast(page)
        assert.ok(checked > 2, `${p.name}: texts found (${checked})`)
        if (failures.length) problems.push(`${p.name} (${p.path}):\n${describeFailures(failures)}`)
      }
      assert.deepEqual(problems, [], problems.join('\n'))
      await page.close()
    })
  }

  test('the dashboard follows prefers-color-scheme: dark background, light text, the 2FA QR code on white', async () => {
    const page = await contexts.dark!.newPage()
    await page.goto(`${t.baseUrl}/dashboard/stores/${tour.store.storeId}`)
    const style = (sel: string, prop: string) =>
      page
        .locator(sel)
        .first()
        .evaluate(new Function('el', `return getComputedStyle(el).getPropertyValue('${prop}')`) as (el: unknown) => string)
    const body = await style('body', 'background-color')
    const card = await style('.card', 'background-color')
    const text = await style('main', 'color')
    assert.ok(luminance(body) < 0.05, `a dark page, not ${body}`)
    assert.ok(luminance(card) < 0.05, `dark cards, not ${card}`)
    assert.ok(luminance(text) > 0.7, `light text, not ${text}`)
    await screenshot(page, 'dashboard-dark')
    await page.goto(`${t.baseUrl}/dashboard/account`)
    await page.click('text=Set up two-factor sign-in')
    assert.equal(await style('.qr svg', 'background-color'), 'rgb(255, 255, 255)', 'the QR code keeps a light quiet zone')
    await page.close()
  })
})
