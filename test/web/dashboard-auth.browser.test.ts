import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { totpCode } from '../../src/security/totp.js'
import { browserSkipReason, launchBrowser, screenshot, startShopServer } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { TEST_PASSWORD } from '../support/dashboard.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'

// Sign-up and two-factor sign-in as a person does them, in Chromium: forms, cookies, redirects.

const skip = browserSkipReason()
const [sqlite] = await testDialects()

describe('dashboard sign-up and two-factor sign-in in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let secret = ''

  before(async () => {
    t = await startTestKassa(sqlite!)
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('sign-up: a weak password is explained, then the account is made and the person is signed in', async () => {
    await page.goto(`${t.baseUrl}/dashboard/signup`)
    assert.match(await page.locator('.notice.warn').innerText(), /becomes the operator/)
    await screenshot(page, 'dashboard-signup')
    await page.fill('#account_name', 'Corner <b>Shop</b>')
    await page.fill('#email', 'owner@example.com')
    await page.fill('#password', 'qwertyuiop')
    await page.click('button[type=submit]')
    assert.match(await page.locator('.notice.error').innerText(), /most common/)
    assert.equal(await page.inputValue('#email'), 'owner@example.com', 'what was typed stays')
    await page.fill('#password', TEST_PASSWORD)
    await Promise.all([page.waitForURL(/\/dashboard\/stores/), page.click('button[type=submit]')])
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'kassa_session')
    assert.ok(session?.httpOnly, 'session cookie is httpOnly')
    assert.equal(session?.sameSite, 'Lax')
  })

  test('two-factor set-up: the key on the page and a code from it switch it on', async () => {
    await page.goto(`${t.baseUrl}/dashboard/account`)
    await page.click('text=Set up two-factor sign-in')
    secret = await page.locator('#totp-secret').innerText()
    assert.match(secret, /^[A-Z2-7]{32}$/)
    assert.equal(await page.locator('.qr svg').count(), 1, 'QR code drawn')
    // A sensible size (not the card's full width), a whole number of px per module, the key below it.
    const qr = (await page.locator('.qr svg').boundingBox())!
    assert.ok(qr.width >= 200 && qr.width <= 240 && qr.width === qr.height, `QR code ${qr.width}×${qr.height} px`)
    const modules = Number((await page.locator('.qr svg').getAttribute('viewBox'))!.split(' ')[2])
    assert.equal(qr.width % modules, 0, `${qr.width} px for ${modules} modules`)
    const key = (await page.locator('#totp-secret').boundingBox())!
    assert.ok(key.y >= qr.y + qr.height, 'the key is printed below the QR code')
    await screenshot(page, 'dashboard-security')
    await page.fill('#code', totpCode(secret, t.clock.now()))
    await page.click('text=Switch two-factor on')
    assert.match(await page.locator('.notice.ok').innerText(), /Two-factor sign-in is on/)
  })

  test('sign-out, then sign-in asks for the code; a reused code is refused, a fresh one lets in', async () => {
    await Promise.all([page.waitForURL(/\/dashboard\/login$/), page.click('form[action="/dashboard/logout"] button')])
    await page.fill('#email', 'owner@example.com')
    await page.fill('#password', TEST_PASSWORD)
    await Promise.all([page.waitForURL(/\/dashboard\/login\/2fa/), page.click('button[type=submit]')])
    await screenshot(page, 'dashboard-2fa')
    await page.fill('#code', totpCode(secret, t.clock.now()))
    await page.click('button[type=submit]')
    assert.match(await page.locator('.notice.error').innerText(), /already used/)
    t.clock.advance(30_000)
    await page.fill('#code', totpCode(secret, t.clock.now()))
    await Promise.all([page.waitForURL((u) => !u.pathname.includes('/login')), page.click('button[type=submit]')])
    await page.goto(`${t.baseUrl}/dashboard/account`)
    assert.match(await page.locator('main').innerText(), /Two-factor sign-in is on/)
  })

  test('a forged form on another site cannot change the password of the signed-in person', async () => {
    const evil = await startShopServer()
    try {
      // What an attacker's page does: post the password form to Kassa with the victim's browser.
      evil.set(
        '/win',
        `<!doctype html><html><body><form id="f" method="post" action="${t.baseUrl}/dashboard/account/password">
<input name="current_password" value="${TEST_PASSWORD}"><input name="new_password" value="attacker chose this one"></form>
<script>document.getElementById('f').submit()</script></body></html>`,
      )
      const victim = await page.context().newPage()
      const answered = victim.waitForResponse((r) => r.url().startsWith(`${t.baseUrl}/dashboard/`) && r.request().method() === 'POST')
      await victim.goto(`${evil.origin}/win`)
      const response = await answered
      // SameSite keeps the session cookie off a cross-site POST, and the missing token would refuse it anyway.
      assert.ok([303, 403].includes(response.status()), `refused: ${response.status()}`)
      await victim.close()
    } finally {
      await evil.close()
    }
    await t.kassa.accountSessions.login('owner@example.com', TEST_PASSWORD, '127.0.0.2')
    await assert.rejects(t.kassa.accountSessions.login('owner@example.com', 'attacker chose this one', '127.0.0.2'))
  })

  test('the sign-in page', async () => {
    const other = await browser.newPage()
    await other.goto(`${t.baseUrl}/dashboard/login`)
    assert.equal(await other.locator('#email').count(), 1)
    await screenshot(other, 'dashboard-login')
    await other.close()
  })
})
