import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { FlashSeal } from '../../src/http/routes/dashboard/dashboard-flash.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import type { DashboardClient } from '../support/dashboard.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { reviewWithdrawal } from './withdrawal-helpers.js'

// A refresh after a dashboard form never repeats its action (POST/redirect/GET, issue 15):
// each test submits a form, then presses reload the way a browser does, and counts rows.
// The one-time message (and a new store's secrets) shows on the first GET only.

const ETH_TO = `0x${'ab'.repeat(20)}`

type Answer = { status: number; html: string; location: string | null }

/**
 * Submits `fields` to `path` like a browser, then reloads what the browser shows: after a
 * 303, the page it landed on is fetched again; after a page answered to the POST itself, a
 * reload sends the same form (same CSRF token) again, which is what a browser's "resubmit" does.
 */
async function submitThenReload(
  client: DashboardClient,
  path: string,
  fields: Record<string, string | string[]>,
  formPage: string,
  between: () => Promise<void> = async () => {},
): Promise<{ posted: Answer; shown: Answer; reloaded: Answer }> {
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await client.get(formPage)).html)?.[1] ?? ''
  const posted = await client.post(path, fields, { csrf })
  const shown = posted.status === 303 ? await client.get(posted.location!) : posted
  await between()
  const reloaded = posted.status === 303 ? await client.get(posted.location!) : await client.post(path, fields, { csrf })
  return { posted, shown, reloaded }
}

for (const dialect of await testDialects()) {
  describe(`dashboard forms answer with a redirect: a refresh repeats nothing (${dialect.name})`, () => {
    let t: TestKassa
    let rx: WebhookReceiver
    let shop: DashboardClient
    let accountId: string
    let funded: StoreCredentials

    const count = async (table: 'stores' | 'payouts' | 'webhook_attempts', where?: [string, string]) => {
      let q = t.kassa.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))
      if (where) q = q.where(where[0] as never, '=', where[1] as never)
      return Number((await q.executeTakeFirstOrThrow()).n)
    }

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1' } })
      rx = await startWebhookReceiver()
      accountId = (await createDashboardUser(t, 'shop@example.com', { accountName: 'Shop' })).accountId
      funded = await t.createStore('ETH', { accountId, name: 'Funded' })
      // A completed 1 ETH payment: 0.99 ETH available after the 1 % commission.
      const p = JSON.parse((await t.request(funded, 'POST', '/api/v1/payment/create', { amount: '1' })).text).data
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.simulation.mine(12)
      await t.kassa.runWorkersOnce()
      shop = await dashboardClient(t, 'shop@example.com')
    })
    after(async () => {
      await rx?.close()
      await t?.close()
    })

    test('create store: one store, its secrets shown by the first GET only and never in the URL', async () => {
      const before = await count('stores', ['account_id', accountId])
      const { posted, shown, reloaded } = await submitThenReload(
        shop,
        '/dashboard/stores/new',
        {
          name: 'Refreshed shop',
          mode: 'test',
          currency: ['BTC'],
          strategy_BTC: 'unique_address',
          expiry_minutes: '30',
          underpay_tolerance: '0',
        },
        '/dashboard/stores/new',
      )
      assert.equal(posted.status, 303, posted.html.slice(0, 300))
      assert.match(posted.location ?? '', /^\/dashboard\/stores\/[0-9a-f-]{36}\/keys$/, 'no secret or message in the URL')
      assert.equal(shown.status, 200)
      const apiSecret = /id="api-secret">([^<]+)</.exec(shown.html)?.[1]
      const webhookSecret = /id="webhook-secret">([^<]+)</.exec(shown.html)?.[1]
      assert.ok(apiSecret && webhookSecret, 'the redirected page shows both secrets')
      assert.match(shown.html, /Store “Refreshed shop” created\./)
      assert.equal(await count('stores', ['account_id', accountId]), before + 1, 'exactly one store made')
      assert.equal(reloaded.status, 200)
      assert.doesNotMatch(reloaded.html, /id="api-secret"|id="webhook-secret"|created\./, 'a refresh shows the secrets no more')
      // The secret shown is the store's real one.
      const storeId = /stores\/([0-9a-f-]{36})\/keys/.exec(posted.location!)![1]!
      const apiKey = /id="api-key">([^<]+)</.exec(shown.html)![1]!
      const creds = { storeId, apiKey, apiSecret, webhookSecret }
      assert.equal((await t.request(creds, 'GET', '/api/v1/merchant/balance')).status, 200)
    })

    test('rotate API key: rotated once; a refresh neither rotates again nor shows the secret', async () => {
      const keys = `/dashboard/stores/${funded.storeId}/keys`
      const { posted, shown, reloaded } = await submitThenReload(shop, `${keys}/rotate-api`, {}, keys)
      assert.equal(posted.status, 303)
      assert.equal(posted.location, keys)
      const apiSecret = /id="api-secret">([^<]+)</.exec(shown.html)?.[1]
      assert.ok(apiSecret)
      const row = await t.kassa.database.db
        .selectFrom('stores')
        .select('api_key')
        .where('id', '=', funded.storeId)
        .executeTakeFirstOrThrow()
      assert.equal(/id="api-key">([^<]+)</.exec(reloaded.html)?.[1], row.api_key)
      assert.doesNotMatch(reloaded.html, /id="api-secret"/)
      funded = { ...funded, apiKey: row.api_key, apiSecret }
      assert.equal(
        (await t.request(funded, 'GET', '/api/v1/merchant/balance')).status,
        200,
        'the secret shown on the first GET still works',
      )
    })

    test('resend webhook: one more delivery, however often the page is reloaded', async () => {
      const store = await t.createStore('BTC', { accountId, name: 'Hooked' })
      await t.kassa.stores.updateStore(store.storeId, { webhookUrl: rx.url })
      const p = JSON.parse((await t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.01' })).text).data
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      await t.kassa.webhookWorker.runUntilIdle()
      const event = await t.kassa.database.db
        .selectFrom('webhook_events')
        .select(['id', 'status'])
        .where('payment_id', '=', p.payment_id)
        .executeTakeFirstOrThrow()
      assert.equal(event.status, 'delivered')
      const attempts = () => count('webhook_attempts', ['event_id', String(event.id)])
      assert.equal(await attempts(), 1)

      const log = `/dashboard/stores/${store.storeId}/webhooks`
      // The worker delivers between the resend and the reload, as it would within seconds.
      const { posted, shown, reloaded } = await submitThenReload(shop, `${log}/${event.id}/resend`, {}, log, async () => {
        await t.kassa.webhookWorker.runUntilIdle()
      })
      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(posted.status, 303)
      assert.equal(posted.location, log)
      assert.match(shown.html, new RegExp(`Event ${event.id} \\(payment\\.\\w+\\) will be sent again\\.`))
      assert.equal(reloaded.status, 200)
      assert.doesNotMatch(reloaded.html, /will be sent again/, 'the message is for the first GET only')
      assert.equal(await attempts(), 2, 'the original delivery and exactly one resend')
    })

    test('withdraw: one payout; the "queued" message shows once, a refresh does not claim a second one', async () => {
      const page = `/dashboard/stores/${funded.storeId}/withdrawals`
      const before = await count('payouts', ['store_id', funded.storeId])
      const review = await reviewWithdrawal(shop, funded.storeId, { currency: 'ETH', amount: '0.1', to: ETH_TO })
      const { posted, shown, reloaded } = await submitThenReload(shop, page, review.confirm, page)
      assert.equal(posted.status, 303, posted.html.slice(0, 300))
      assert.equal(posted.location, page, 'the message is not in the URL')
      assert.match(shown.html, /Withdrawal queued/)
      assert.equal(reloaded.status, 200)
      assert.doesNotMatch(reloaded.html, /Withdrawal queued/)
      assert.equal(await count('payouts', ['store_id', funded.storeId]), before + 1, 'exactly one payout')
    })

    test('a refused form still answers 400 with the form: a refresh re-posts refused input and writes nothing', async () => {
      const page = `/dashboard/stores/${funded.storeId}/withdrawals`
      const before = await count('payouts', ['store_id', funded.storeId])
      const { posted, reloaded } = await submitThenReload(shop, `${page}/confirm`, { currency: 'ETH', amount: '1000', to: ETH_TO }, page)
      assert.equal(posted.status, 400)
      assert.equal(reloaded.status, 400)
      assert.equal(await count('payouts', ['store_id', funded.storeId]), before)
    })
  })
}

describe('the sealed flash cookie', () => {
  const seal = new FlashSeal(Buffer.alloc(32, 7))
  const sealed = { to: '/dashboard/stores/x/keys', expiresAt: 1, flash: { storeSecrets: { apiSecret: 'sk_secret', message: 'New.' } } }

  test('opens only for the session it was sealed for, and hides what it holds', () => {
    const value = seal.seal(sealed, 'session-a')
    assert.deepEqual(seal.open(value, 'session-a'), sealed)
    assert.equal(seal.open(value, 'session-b'), undefined, "another session's cookie does not open")
    assert.doesNotMatch(Buffer.from(value, 'base64url').toString('latin1'), /sk_secret/)
  })

  test('a changed byte, a cookie of another key or junk opens to nothing', () => {
    const value = Buffer.from(seal.seal(sealed, 'a'), 'base64url')
    value[value.length - 1] = value[value.length - 1]! ^ 1
    assert.equal(seal.open(value.toString('base64url'), 'a'), undefined)
    assert.equal(new FlashSeal(Buffer.alloc(32, 8)).open(seal.seal(sealed, 'a'), 'a'), undefined)
    for (const junk of ['', 'x', '%%%', 'A'.repeat(40)]) assert.equal(seal.open(junk, 'a'), undefined)
  })
})
