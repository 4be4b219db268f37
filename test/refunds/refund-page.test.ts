import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { BUYER_BTC, BUYER_ETH, completedEthPayment, expectCreated, refund, settle } from './refund-helpers.js'

// The buyer's refund link, /refund/{token}, over plain HTTP on both databases.

for (const dialect of await testDialects()) {
  describe(`the buyer's refund page (${dialect.name})`, () => {
    let t: TestKassa
    let store: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      store = await t.createStore('ETH', { name: 'Corner Shop' })
    })
    after(async () => {
      await t.close()
    })

    const linkFor = async (amount?: string) => {
      const id = await completedEthPayment(t, store, '1')
      const r = expectCreated(await refund(t, store, id, amount === undefined ? {} : { amount }))
      return { paymentId: id, refund: r, path: new URL(r.refund_url).pathname }
    }
    const post = (path: string, address: string, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.baseUrl, ...headers },
        body: new URLSearchParams({ address }).toString(),
      })
    const payoutsOf = (paymentId: string) =>
      t.kassa.database.db.selectFrom('payouts').selectAll().where('payment_id', '=', paymentId).where('kind', '=', 'refund').execute()

    test('the link shows the amount, currency, network and an address form; an unknown link is a 404 in the buyer’s language', async () => {
      const { path } = await linkFor('0.5')
      const r = await fetch(`${t.baseUrl}${path}`)
      assert.equal(r.status, 200)
      assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/)
      const page = await r.text()
      assert.match(page, /Refund from Corner Shop/)
      assert.match(page, /id="refund-amount">0\.50000000 ETH</)
      assert.match(page, /id="refund-network">Ethereum</)
      assert.match(page, /id="refund-network-id">sim-ethereum</)
      assert.match(page, /<form method="post" action="\/refund\/[A-Za-z0-9_-]{32}" id="refund-form">/)
      const de = await (await fetch(`${t.baseUrl}${path}?lang=de`)).text()
      assert.match(de, /Rückerstattung von Corner Shop/)
      const missing = await fetch(`${t.baseUrl}/refund/${'A'.repeat(32)}?lang=fr`)
      assert.equal(missing.status, 404)
      assert.match(await missing.text(), /Ce lien de remboursement n’existe pas/)
    })

    test('a wrong-network address: a clear error on the page, what was typed kept, nothing queued', async () => {
      const { path, paymentId } = await linkFor()
      for (const bad of [BUYER_BTC, 'hello', '']) {
        const r = await post(path, bad)
        assert.equal(r.status, 400, bad)
        const page = await r.text()
        assert.match(page, bad === '' ? /Enter the address the refund should be sent to/ : /This is not a valid address on Ethereum/)
        if (bad !== '') assert.ok(page.includes(`value="${bad}"`), 'the typed address stays in the field')
      }
      assert.equal((await payoutsOf(paymentId)).length, 0)
    })

    test('a post from another site is refused before anything is read', async () => {
      const { path, paymentId } = await linkFor()
      const r1 = await post(path, BUYER_ETH, { origin: 'https://evil.example' })
      assert.equal(r1.status, 403)
      const r2 = await post(path, BUYER_ETH, { 'sec-fetch-site': 'cross-site' })
      assert.equal(r2.status, 403)
      assert.equal((await payoutsOf(paymentId)).length, 0)
    })

    test('the same link submitted twice at once sends once; the page then follows the payout to sent and confirmed', async () => {
      const { path, paymentId, refund: made } = await linkFor('0.6')
      const answers = await Promise.all([post(path, BUYER_ETH), post(path, BUYER_ETH), post(path, BUYER_ETH)])
      for (const a of answers) {
        assert.equal(a.status, 303)
        assert.equal(a.headers.get('location'), path)
      }
      const payouts = await payoutsOf(paymentId)
      assert.equal(payouts.length, 1, 'one payout for one refund')
      assert.equal(payouts[0]!.amount, '600000000000000000')
      assert.equal(payouts[0]!.to_address, BUYER_ETH)
      const queued = await (await fetch(`${t.baseUrl}${path}`)).text()
      assert.match(queued, /data-refund-status="queued"/)
      assert.doesNotMatch(queued, /id="refund-form"/)
      await settle(t, async () => /data-refund-status="confirmed"/.test(await (await fetch(`${t.baseUrl}${path}`)).text()))
      const done = await (await fetch(`${t.baseUrl}${path}`)).text()
      assert.match(done, /Your refund has arrived/)
      const tx = (await payoutsOf(paymentId))[0]!.tx_hash!
      assert.ok(done.includes(`id="refund-tx">${tx}<`), 'the transaction hash is shown')
      // A late resubmission with another address changes nothing.
      const late = await post(path, BUYER_ETH.toLowerCase())
      assert.equal(late.status, 303)
      assert.equal((await payoutsOf(paymentId)).length, 1)
      const list = (await t.request(store, 'GET', `/api/v1/payment/${paymentId}/refunds`)).json.data
      assert.equal(list.refunds[0].id, made.id)
      assert.equal(list.refunds[0].address, BUYER_ETH)
    })
  })
}
