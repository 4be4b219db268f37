import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { expectOk } from '../http/merchant-api-checks.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { BUYER_BTC, BUYER_ETH, completedEthPayment } from './refund-helpers.js'

// The dashboard's refund form over plain HTTP, on both databases: CSRF, ownership, the
// confirmation step writing nothing, POST/redirect/GET.

for (const dialect of await testDialects()) {
  describe(`dashboard refunds (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials
    let shop: DashboardClient
    let base: string

    before(async () => {
      t = await startTestKassa(dialect)
      const user = await createDashboardUser(t, 'shop@example.com')
      await createDashboardUser(t, 'other@example.com')
      store = await t.createStore('ETH', { accountId: user.accountId })
      shop = await dashboardClient(t, 'shop@example.com')
      base = `/dashboard/stores/${store.storeId}/payments`
    })
    after(async () => {
      await t.close()
    })

    const refundsOf = (id: string) => t.kassa.repos.refunds.ofPayment(id)

    test('a pending payment shows why it cannot be refunded, and no form', async () => {
      const p = expectOk(await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1' }))
      const page = await shop.get(`${base}/${p.payment_id}`)
      assert.equal(page.status, 200)
      assert.match(
        page.html,
        /Only completed, overpaid and underpaid payments \(and payments resolved by hand\) can be refunded: a pending payment/,
      )
      assert.doesNotMatch(page.html, /id="refund-form"/)
    })

    test('confirm writes nothing; the confirmed form creates one refund and answers 303; a refresh repeats nothing', async () => {
      const id = await completedEthPayment(t, store, '1')
      const detail = await shop.get(`${base}/${id}`)
      assert.match(detail.html, /id="refund-form"/)
      const confirm = await shop.post(
        `${base}/${id}/refunds/confirm`,
        { amount: '0.3', address: BUYER_ETH, reason: 'Damaged' },
        { formPage: `${base}/${id}` },
      )
      assert.equal(confirm.status, 200)
      assert.match(confirm.html, /Refund <strong>0\.3 ETH<\/strong>/)
      assert.ok(confirm.html.includes(`<input type="hidden" name="address" value="${BUYER_ETH}">`))
      assert.equal((await refundsOf(id)).length, 0)
      const made = await shop.post(
        `${base}/${id}/refunds`,
        { amount: '0.3', address: BUYER_ETH, reason: 'Damaged' },
        { formPage: `${base}/${id}` },
      )
      assert.equal(made.status, 303)
      assert.equal(made.location, `${base}/${id}/refunds`)
      const refunds = await refundsOf(id)
      assert.equal(refunds.length, 1)
      assert.equal(refunds[0]!.amount, 300000000000000000n)
      assert.equal(refunds[0]!.address, BUYER_ETH)
      assert.equal(refunds[0]!.reason, 'Damaged')
      const shown = await shop.get(`${base}/${id}/refunds`)
      assert.match(shown.html, /Refund of 0\.3 ETH queued to 0x8ba1/)
      const again = await shop.get(`${base}/${id}/refunds`)
      assert.doesNotMatch(again.html, /queued to 0x8ba1/, 'the message is shown once')
      assert.equal((await refundsOf(id)).length, 1)
    })

    test('refusals: a wrong-network address, more than refundable, no CSRF token, another account', async () => {
      const id = await completedEthPayment(t, store, '1')
      const wrong = await shop.post(
        `${base}/${id}/refunds/confirm`,
        { amount: '0.3', address: BUYER_BTC, reason: '' },
        { formPage: `${base}/${id}` },
      )
      assert.equal(wrong.status, 400)
      assert.match(wrong.html, /is not a valid address .* on sim-ethereum/)
      assert.ok(wrong.html.includes(`value="${BUYER_BTC}"`), 'what was typed stays')
      const more = await shop.post(`${base}/${id}/refunds`, { amount: '1.01', address: '', reason: '' }, { formPage: `${base}/${id}` })
      assert.equal(more.status, 409)
      assert.match(more.html, /more than the 1 ETH still refundable/)
      const forged = await shop.post(`${base}/${id}/refunds`, { amount: '0.1', address: '', reason: '' }, { csrf: null })
      assert.equal(forged.status, 403)
      const other = await dashboardClient(t, 'other@example.com')
      const theirs = await other.post(
        `${base}/${id}/refunds`,
        { amount: '0.1', address: '', reason: '' },
        { formPage: '/dashboard/stores' },
      )
      assert.equal(theirs.status, 404)
      assert.equal((await refundsOf(id)).length, 0, 'no refusal wrote a refund')
    })

    test('an unused link can be cancelled: the money is available and refundable again, the link sends nothing; a queued one cannot', async () => {
      const id = await completedEthPayment(t, store, '1')
      const available = async () => expectOk(await t.request(store, 'GET', '/api/v1/merchant/balance')).ETH.available
      const before = await available()
      const made = await shop.post(`${base}/${id}/refunds`, { amount: '0.5', address: '', reason: '' }, { formPage: `${base}/${id}` })
      assert.equal(made.status, 303)
      const [link] = await refundsOf(id)
      assert.ok(link)
      assert.equal(await available(), before - 0.5)
      const page = await shop.get(`${base}/${id}`)
      assert.ok(page.html.includes(`action="${base}/${id}/refunds/${link.id}/cancel"`), 'a cancel button on the unused link')
      const cancelled = await shop.post(`${base}/${id}/refunds/${link.id}/cancel`, {}, { formPage: `${base}/${id}` })
      assert.equal(cancelled.status, 303)
      assert.equal(await available(), before)
      const list = expectOk(await t.request(store, 'GET', `/api/v1/payment/${id}/refunds`))
      assert.equal(list.refunds[0].status, 'cancelled')
      assert.equal(list.amount_refundable, '1.00000000')
      const buyerPage = await (await fetch(`${t.baseUrl}/refund/${link.token}`)).text()
      assert.match(buyerPage, /This refund link was withdrawn by the merchant/)
      assert.doesNotMatch(buyerPage, /id="refund-form"/)
      const late = await fetch(`${t.baseUrl}/refund/${link.token}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ address: BUYER_ETH }).toString(),
      })
      assert.equal(late.status, 303)
      assert.equal((await t.kassa.database.db.selectFrom('payouts').select('id').where('payment_id', '=', id).execute()).length, 0)
      const twice = await shop.post(`${base}/${id}/refunds/${link.id}/cancel`, {}, { formPage: `${base}/${id}` })
      assert.equal(twice.status, 409)
      assert.equal(await available(), before, 'a second cancel gives nothing back twice')
      await shop.post(`${base}/${id}/refunds`, { amount: '0.2', address: BUYER_ETH, reason: '' }, { formPage: `${base}/${id}` })
      const queued = (await refundsOf(id)).find((r) => r.address !== null)!
      const refused = await shop.post(`${base}/${id}/refunds/${queued.id}/cancel`, {}, { formPage: `${base}/${id}` })
      assert.equal(refused.status, 409)
      assert.match(refused.html, /cannot be cancelled: the buyer has already given an address/)
    })
  })
}
