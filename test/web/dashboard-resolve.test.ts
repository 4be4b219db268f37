import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { createPayment, events, status } from '../lifecycle/lifecycle-helpers.js'

const MINUTE = 60_000

// Mark as paid / mark invalid from the payment detail page: 303 back to the page with a
// flash, CSRF required, only the store's own account, and a refusal writes nothing.
for (const dialect of await testDialects()) {
  describe(`dashboard: resolving a payment by hand (${dialect.name})`, () => {
    let t: TestKassa
    let shop: DashboardClient
    let stranger: DashboardClient
    let store: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      const { accountId } = await createDashboardUser(t, 'shop@example.com', { accountName: 'Shop' })
      await createDashboardUser(t, 'stranger@example.com', { accountName: 'Elsewhere' })
      store = await t.createStore('BTC', { accountId, name: 'Resolve shop' })
      shop = await dashboardClient(t, 'shop@example.com')
      stranger = await dashboardClient(t, 'stranger@example.com')
    })
    after(async () => {
      await t?.close()
    })

    const pageOf = (id: string) => `/dashboard/stores/${store.storeId}/payments/${id}`

    async function expired() {
      const p = await createPayment(t, store, { amount: '0.01' })
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      return p
    }

    test('mark as paid: 303 to the detail page, a one-time flash, the resolution and its timeline line', async () => {
      const p = await expired()
      const page = await shop.get(pageOf(p.payment_id))
      assert.equal(page.status, 200)
      assert.match(page.html, /action="[^"]*\/mark-paid"/)
      assert.match(page.html, /action="[^"]*\/mark-invalid"/)

      const r = await shop.post(
        `${pageOf(p.payment_id)}/mark-paid`,
        { reason: 'Paid by bank transfer <ref 42>', confirm: 'yes' },
        { formPage: pageOf(p.payment_id) },
      )
      assert.equal(r.status, 303)
      assert.equal(r.location, pageOf(p.payment_id))
      const shown = await shop.get(r.location!)
      assert.match(shown.html, /Payment marked as paid: it is completed now\./)
      assert.match(shown.html, /Marked as paid/)
      assert.match(shown.html, /By <strong>shop@example\.com<\/strong>/)
      assert.ok(shown.html.includes('Paid by bank transfer &#60;ref 42&#62;'), 'the reason, escaped')
      assert.doesNotMatch(shown.html, /action="[^"]*\/mark-(paid|invalid)"/, 'no second resolution offered')
      assert.match(shown.html, /<li><span class="muted">[^<]+<\/span> Marked as paid by shop@example\.com: Paid by bank transfer/)
      const reloaded = await shop.get(r.location!)
      assert.doesNotMatch(reloaded.html, /Payment marked as paid: it is/, 'the flash shows once')

      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      assert.equal((await events(t, p.payment_id)).at(-1)?.event, 'payment.completed')
    })

    test('refused without the CSRF token, without the confirmation, and for another account: nothing written', async () => {
      const p = await expired()
      const path = `${pageOf(p.payment_id)}/mark-invalid`
      const noToken = await shop.post(path, { reason: 'cancelled', confirm: 'yes' }, { csrf: null })
      assert.equal(noToken.status, 403)
      assert.match(noToken.html, /did not come from this dashboard/)

      const unconfirmed = await shop.post(path, { reason: 'cancelled' }, { formPage: pageOf(p.payment_id) })
      assert.equal(unconfirmed.status, 303)
      assert.match((await shop.get(unconfirmed.location!)).html, /Tick the confirmation box/)

      const noReason = await shop.post(path, { reason: '  ', confirm: 'yes' }, { formPage: pageOf(p.payment_id) })
      assert.match((await shop.get(noReason.location!)).html, /Give a reason of 1 to 500 characters/)

      const theirs = await stranger.post(path, { reason: 'not mine', confirm: 'yes' }, { formPage: '/dashboard/stores' })
      assert.equal(theirs.status, 404)

      const stored = await t.kassa.deps.repos.payments.byId(p.payment_id)
      assert.equal(stored?.resolution, null)
      assert.equal(stored?.status, 'expired')
      assert.equal((await events(t, p.payment_id)).length, 1, 'only the expiry webhook')
    })

    test('a pending payment offers mark invalid only; mark paid is refused with the reason why', async () => {
      const p = await createPayment(t, store, { amount: '0.01' })
      const page = await shop.get(pageOf(p.payment_id))
      assert.doesNotMatch(page.html, /action="[^"]*\/mark-paid"/)
      assert.match(page.html, /action="[^"]*\/mark-invalid"/)
      const r = await shop.post(`${pageOf(p.payment_id)}/mark-paid`, { reason: 'paid', confirm: 'yes' }, { formPage: pageOf(p.payment_id) })
      assert.equal(r.status, 303)
      assert.match((await shop.get(r.location!)).html, /can still be paid on chain/)
      assert.equal((await status(t, store, p.payment_id)).status, 'pending')

      const ok = await shop.post(
        `${pageOf(p.payment_id)}/mark-invalid`,
        { reason: 'order cancelled', confirm: 'yes' },
        { formPage: pageOf(p.payment_id) },
      )
      assert.match((await shop.get(ok.location!)).html, /Payment marked invalid: it is expired now\./)
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
    })
  })
}
