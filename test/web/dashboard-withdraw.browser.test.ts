import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { getAddress } from 'viem'
import { totpCode } from '../../src/security/totp.js'
import { browserSkipReason, launchBrowser, screenshot } from '../support/browser.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, TEST_PASSWORD } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { confirmSimulatedPayment } from './browser-helpers.js'

// A withdrawal by a person with two-factor on, in Chromium (issue 15): the form, the
// confirmation page with what will be sent, the sign-in code refused as a replay, a fresh code
// accepted, and a double click on "Confirm withdrawal" queuing one payout.

const skip = browserSkipReason()
const [sqlite] = await testDialects()
const TO = getAddress('0x8ba1f109551bd432803012645ac136ddd64dba72')

describe('a withdrawal with two-factor confirmation in a real browser', { skip }, () => {
  let t: TestKassa
  let browser: Browser
  let page: Page
  let store: StoreCredentials
  let secret: string
  let signInCode: string

  const payouts = async () =>
    Number(
      (
        await t.kassa.database.db
          .selectFrom('payouts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('store_id', '=', store.storeId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  before(async () => {
    t = await startTestKassa(sqlite!)
    const person = await createDashboardUser(t, 'careful@example.com', { accountName: 'Careful Shop' })
    store = await t.createStore('ETH', { accountId: person.accountId, name: 'Careful Shop' })
    // A completed 2 ETH test payment: 1.98 ETH available after the 1 % commission.
    const p = JSON.parse((await t.request(store, 'POST', '/api/v1/payment/create', { amount: '2' })).text).data
    await t.kassa.simulation.pay(p.payment_id)
    await confirmSimulatedPayment(t, p.payment_id)
    const enrol = t.kassa.accountSessions.newTotpEnrollment()
    secret = enrol.secret
    await t.kassa.accountSessions.enableTotp(person.id, enrol.sealed, totpCode(secret, t.clock.now()))
    t.clock.advance(30_000)
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('sign in with a code, review a withdrawal: the confirmation shows what will be sent', async () => {
    await page.goto(`${t.baseUrl}/dashboard/login`)
    await page.fill('#email', 'careful@example.com')
    await page.fill('#password', TEST_PASSWORD)
    await Promise.all([page.waitForURL(/\/dashboard\/login\/2fa/), page.click('button[type=submit]')])
    signInCode = totpCode(secret, t.clock.now())
    await page.fill('#code', signInCode)
    await Promise.all([page.waitForURL((u) => !u.pathname.includes('/login')), page.click('button[type=submit]')])

    await page.goto(`${t.baseUrl}/dashboard/stores/${store.storeId}/withdrawals`)
    await page.fill('#amount', '0.75')
    await page.fill('#to', TO)
    await page.click('button:has-text("Review withdrawal")')
    await page.locator('h1', { hasText: 'Confirm withdrawal' }).waitFor()
    const shown = await page.locator('#withdrawal-confirm').innerText()
    assert.match(shown, /Amount\s+0\.75 ETH/i)
    assert.match(shown, /Network\s+sim-ethereum/i)
    assert.ok(shown.includes(TO))
    assert.match(shown, /Paid by the operator/)
    assert.equal(await payouts(), 0, 'nothing queued by the review')
    await screenshot(page, 'dashboard-withdraw-confirm')
  })

  test('the code used to sign in is refused; nothing is queued', async () => {
    await page.fill('#totp', signInCode)
    await page.click('button:has-text("Confirm withdrawal")')
    assert.match(await page.locator('.notice.error').innerText(), /already used/)
    assert.equal(await page.locator('#withdrawal-confirm').count(), 1, 'the confirmation is shown again')
    assert.equal(await payouts(), 0)
  })

  test('a fresh code and a double click: one payout, the list shows it', async () => {
    t.clock.advance(30_000)
    await page.fill('#totp', totpCode(secret, t.clock.now()))
    await page.dblclick('button:has-text("Confirm withdrawal")')
    await page.waitForURL(/\/withdrawals$/)
    await page.locator('.notice.ok').waitFor()
    assert.match(await page.locator('.notice.ok').innerText(), /Withdrawal queued|already submitted/)
    assert.equal(await payouts(), 1)
    assert.equal(await page.locator('#withdrawals tbody tr').count(), 1)
    assert.match(await page.locator('select#currency').innerText(), /available 1\.23/)
  })
})
