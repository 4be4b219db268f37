import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getAddress } from 'viem'
import { totpCode, verifyTotp } from '../../src/security/totp.js'
import { testDialects } from '../support/databases.js'
import { anonymousClient, createDashboardUser, dashboardClient, TEST_PASSWORD } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { reviewWithdrawal } from './withdrawal-helpers.js'

// Withdrawals in two steps (issue 15): a confirmation page showing what will be sent, a one-use
// token so a double click or a resubmission queues one payout, and with two-factor on a fresh
// code (a wrong one, none, or one already used is refused with nothing queued). Both databases.

const TO = getAddress('0x8ba1f109551bd432803012645ac136ddd64dba72')

for (const dialect of await testDialects()) {
  describe(`withdrawal confirmation, one-use token and two-factor code (${dialect.name})`, () => {
    let t: TestKassa
    let shop: DashboardClient
    let store: StoreCredentials
    let guarded: DashboardClient
    let guardedStore: StoreCredentials
    let secret: string
    let signInCode: string

    const payouts = async (storeId: string) =>
      Number(
        (
          await t.kassa.database.db
            .selectFrom('payouts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('store_id', '=', storeId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const available = async (creds: StoreCredentials) =>
      JSON.parse((await t.request(creds, 'GET', '/api/v1/merchant/balance')).text).data.ETH.available as number

    async function fund(creds: StoreCredentials) {
      // A completed 1 ETH payment: 0.99 ETH available after the 1 % commission.
      const p = JSON.parse((await t.request(creds, 'POST', '/api/v1/payment/create', { amount: '1' })).text).data
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(12)
      await t.kassa.runWorkersOnce()
    }

    before(async () => {
      t = await startTestKassa(dialect)
      const plain = await createDashboardUser(t, 'plain@example.com')
      store = await t.createStore('ETH', { accountId: plain.accountId, name: 'Plain' })
      await fund(store)
      shop = await dashboardClient(t, 'plain@example.com')

      // A person with two-factor on, signed in with a code (which is then spent).
      const person = await createDashboardUser(t, 'guarded@example.com')
      guardedStore = await t.createStore('ETH', { accountId: person.accountId, name: 'Guarded' })
      await fund(guardedStore)
      const enrol = t.kassa.accountSessions.newTotpEnrollment()
      secret = enrol.secret
      await t.kassa.accountSessions.enableTotp(person.id, enrol.sealed, totpCode(secret, t.clock.now()))
      t.clock.advance(30_000)
      guarded = anonymousClient(t)
      const pw = await guarded.post('/dashboard/login', { email: 'guarded@example.com', password: TEST_PASSWORD })
      assert.equal(pw.status, 303)
      signInCode = totpCode(secret, t.clock.now())
      const full = await guarded.post('/dashboard/login/2fa', { code: signInCode }, { formPage: '/dashboard/login/2fa' })
      assert.equal(full.status, 303, full.html.slice(0, 300))
    })
    after(() => t.close())

    test('the review shows amount, currency, network, address and the fee note, and queues nothing', async () => {
      const review = await reviewWithdrawal(shop, store.storeId, { currency: 'ETH', amount: '0.250', to: TO })
      assert.equal(review.status, 200)
      const table = /<table id="withdrawal-confirm">([\s\S]*?)<\/table>/.exec(review.html)?.[1] ?? ''
      assert.match(table, /<strong>0\.25 ETH<\/strong>/)
      assert.match(table, /Network<\/th><td><code>sim-ethereum<\/code>/)
      assert.ok(table.includes(TO))
      assert.match(table, /Network fee<\/th><td>Paid by the operator/)
      assert.equal(review.confirm.amount, '0.250', 'the value as typed travels on, bound to the token')
      assert.doesNotMatch(review.html, /name="totp"/, 'no code asked of a person without two-factor')
      assert.equal(await payouts(store.storeId), 0)
      assert.equal(await available(store), 0.99)
    })

    test('confirming without the token, or with values changed after the review, is refused and writes nothing', async () => {
      const fields = { currency: 'ETH', amount: '0.1', to: TO }
      const bare = await shop.post(`/dashboard/stores/${store.storeId}/withdrawals`, fields)
      assert.equal(bare.status, 400)
      assert.match(bare.html, /was not confirmed/)
      const review = await reviewWithdrawal(shop, store.storeId, fields)
      const changed = await shop.post(`/dashboard/stores/${store.storeId}/withdrawals`, { ...review.confirm, amount: '0.9' })
      assert.equal(changed.status, 400)
      assert.match(changed.html, /was not confirmed/)
      // Another session's token (the same values) does not confirm here either.
      const other = await reviewWithdrawal(await dashboardClient(t, 'plain@example.com'), store.storeId, fields)
      assert.equal((await shop.post(`/dashboard/stores/${store.storeId}/withdrawals`, other.confirm)).status, 400)
      assert.equal(await payouts(store.storeId), 0)
    })

    test('two concurrent POSTs of one confirmation (a double click): one payout, both answered with the list', async () => {
      const review = await reviewWithdrawal(shop, store.storeId, { currency: 'ETH', amount: '0.1', to: TO })
      const path = `/dashboard/stores/${store.storeId}/withdrawals`
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await shop.get(path)).html)![1]!
      const [a, b] = await Promise.all([shop.post(path, review.confirm, { csrf }), shop.post(path, review.confirm, { csrf })])
      assert.deepEqual([a.status, b.status], [303, 303], `${a.html.slice(0, 200)} ${b.html.slice(0, 200)}`)
      assert.equal(await payouts(store.storeId), 1, 'exactly one payout')
      assert.equal(await available(store), 0.89, 'reserved once')
      // And again later, as a resubmitted form: still one, and the page says it was already submitted.
      const again = await shop.post(path, review.confirm)
      assert.equal(again.status, 303)
      assert.match((await shop.get(again.location!)).html, /already submitted/)
      assert.equal(await payouts(store.storeId), 1)
    })

    test('two-factor on: the confirmation asks for a code; none, a wrong one and the sign-in code are refused, nothing queued', async () => {
      const review = await reviewWithdrawal(guarded, guardedStore.storeId, { currency: 'ETH', amount: '0.2', to: TO })
      assert.equal(review.status, 200)
      assert.match(review.html, /<input id="totp" name="totp"/)
      const path = `/dashboard/stores/${guardedStore.storeId}/withdrawals`
      // The sign-in code is still in its time window: refused for being used, not for being late.
      assert.notEqual(verifyTotp(secret, signInCode, t.clock.now(), null), null)
      const now = totpCode(secret, t.clock.now())
      const wrong = String((Number(now) + 1) % 1_000_000).padStart(6, '0')
      for (const [label, code] of [
        ['no code', ''],
        ['a wrong code', wrong],
        ['the code already used to sign in (a replay)', signInCode],
      ] as const) {
        const r = await guarded.post(path, { ...review.confirm, totp: code })
        assert.equal(r.status, 400, label)
        assert.match(r.html, /Wrong or already used code/, label)
        // The confirmation is shown again, to try with the right code.
        assert.match(r.html, /id="withdrawal-confirm"/, label)
        assert.equal(await payouts(guardedStore.storeId), 0, label)
      }
      assert.equal(await available(guardedStore), 0.99)
    })

    test('two-factor on: a fresh code queues it once; that code cannot confirm another', async () => {
      t.clock.advance(30_000)
      const fresh = totpCode(secret, t.clock.now())
      const path = `/dashboard/stores/${guardedStore.storeId}/withdrawals`
      const review = await reviewWithdrawal(guarded, guardedStore.storeId, { currency: 'ETH', amount: '0.2', to: TO })
      const ok = await guarded.post(path, { ...review.confirm, totp: fresh })
      assert.equal(ok.status, 303, ok.html.slice(0, 300))
      assert.match((await guarded.get(ok.location!)).html, /Withdrawal queued/)
      assert.equal(await payouts(guardedStore.storeId), 1)
      const second = await reviewWithdrawal(guarded, guardedStore.storeId, { currency: 'ETH', amount: '0.3', to: TO })
      const replay = await guarded.post(path, { ...second.confirm, totp: fresh })
      assert.equal(replay.status, 400)
      assert.match(replay.html, /already used/)
      assert.equal(await payouts(guardedStore.storeId), 1)
      assert.equal(await available(guardedStore), 0.79)
    })

    test('an expired confirmation is refused', async () => {
      const before = await payouts(store.storeId)
      const review = await reviewWithdrawal(shop, store.storeId, { currency: 'ETH', amount: '0.1', to: TO })
      t.clock.advance(16 * 60_000)
      const late = await shop.post(`/dashboard/stores/${store.storeId}/withdrawals`, review.confirm)
      assert.equal(late.status, 400)
      assert.match(late.html, /confirmation expired/)
      assert.equal(await payouts(store.storeId), before)
    })
  })
}
