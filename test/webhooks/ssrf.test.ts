import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { testDialects } from '../support/databases.js'
import { createDashboardUser, dashboardClient } from '../support/dashboard.js'
import { followingRedirects } from '../web/dashboard-follow.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { attemptRows, eventRows, paymentWithEvents, storeWithWebhook } from './webhook-helpers.js'

// SQLite only: the checks involve no SQL beyond what the delivery tests run on both.
const [sqlite] = await testDialects()

describe('SSRF: private receivers are refused unless allowed', () => {
  let t: TestKassa
  let rx: WebhookReceiver

  before(async () => {
    t = await startTestKassa(sqlite!) // KASSA_WEBHOOK_ALLOW_PRIVATE unset: the default
    rx = await startWebhookReceiver()
  })
  after(async () => {
    await rx.close()
    await t.close()
  })

  test('saving a loopback, private, link-local, mapped or non-http URL is refused', async () => {
    const store = await storeWithWebhook(t, null)
    for (const url of [
      rx.url,
      `http://localhost:${rx.port}/h`,
      'http://10.1.2.3/h',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/h',
      'http://[::ffff:127.0.0.1]/h',
      'http://[fd00::1]/h',
      'ftp://example.com/h',
      'http://user:pw@example.com/h',
      'http://0/h',
      // Issue 16 defect 6: IPv6 forms that embed a non-public IPv4 address.
      'http://[2002:7f00:1::]/h', // 6to4 of 127.0.0.1
      'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/h', // Teredo client 127.0.0.1
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data', // NAT64 of 169.254.169.254
      'http://[::127.0.0.1]/h', // IPv4-compatible
      'http://[0:0:0:0:0:ffff:10.0.0.1]/h', // IPv4-mapped, long form
    ]) {
      await assert.rejects(t.kassa.stores.updateStore(store.storeId, { webhookUrl: url }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'WEBHOOK_URL_REFUSED', `${url}: ${err.message}`)
        return true
      })
    }
    assert.equal((await t.kassa.stores.getStore(store.storeId)).webhookUrl, null, 'nothing was saved')
    // A public address is accepted (no connection is made when saving an address literal).
    assert.equal(
      (await t.kassa.stores.updateStore(store.storeId, { webhookUrl: 'https://93.184.215.14/hook' })).webhookUrl,
      'https://93.184.215.14/hook',
    )
  })

  test('the address is checked again at connection time (DNS rebinding): nothing reaches the receiver', async () => {
    const store = await storeWithWebhook(t, null)
    for (const url of [`http://localhost:${rx.port}/h`, rx.url]) {
      // As if the name had resolved to a public address when saved: written behind the check.
      await t.kassa.database.db.updateTable('stores').set({ webhook_url: url }).where('id', '=', store.storeId).execute()
      const paymentId = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      const [row] = await eventRows(t, paymentId)
      const [attempt] = await attemptRows(t, row!.id)
      assert.equal(row!.status, 'pending', 'refused like a connection error: retried later')
      assert.equal(attempt!.status_code, null)
      assert.match(attempt!.error!, /not a public address|is not public/)
    }
    assert.equal(rx.received.length, 0)
  })

  test('an IPv6 literal embedding a loopback address is refused at connection time too', async () => {
    const store = await storeWithWebhook(t, null)
    const url = `http://[2002:7f00:1::]:${rx.port}/h`
    await t.kassa.database.db.updateTable('stores').set({ webhook_url: url }).where('id', '=', store.storeId).execute()
    const paymentId = await paymentWithEvents(t, store, 'confirming')
    await t.kassa.webhookWorker.runUntilIdle()
    const [row] = await eventRows(t, paymentId)
    const [attempt] = await attemptRows(t, row!.id)
    assert.equal(attempt!.status_code, null)
    // Refused by the policy, before any connection is tried (not ENETUNREACH or ECONNREFUSED).
    assert.equal(attempt!.error, 'address 2002:7f00:1:: is not public')
  })

  test('the dashboard refuses to save a 6to4 URL of 127.0.0.1 with a message, and saves nothing', async () => {
    const a = await createDashboardUser(t, 'ssrf@example.com', { accountName: 'SSRF' })
    const created = await t.kassa.stores.createStore({
      name: 'Shop',
      currencies: parseStoreCurrencies('USDT_TRC20'),
      accountId: a.accountId,
    })
    const client = followingRedirects(await dashboardClient(t, 'ssrf@example.com'))
    const fields = {
      name: 'Shop',
      currency: ['USDT_TRC20'],
      strategy_USDT_TRC20: 'unique_amount',
      expiry_minutes: '30',
      underpay_tolerance: '0',
      enabled: '1',
    }
    const r = await client.post(`/dashboard/stores/${created.store.id}/settings`, { ...fields, webhook_url: 'http://[2002:7f00:1::]/hook' })
    assert.equal(r.status, 400)
    assert.match(r.html, /2002:7f00:1::.*not a public address/)
    assert.equal((await t.kassa.stores.getStore(created.store.id)).webhookUrl, null)
    const ok = await client.post(`/dashboard/stores/${created.store.id}/settings`, {
      ...fields,
      webhook_url: 'http://[2002:808:808::1]/hook',
    })
    assert.equal(ok.status, 200, ok.html.slice(0, 300))
    assert.equal((await t.kassa.stores.getStore(created.store.id)).webhookUrl, 'http://[2002:808:808::1]/hook')
  })
})

describe('SSRF allowance: KASSA_WEBHOOK_ALLOW_PRIVATE=1', () => {
  test('a loopback receiver can be saved and is delivered to', async () => {
    const t = await startTestKassa(sqlite!, { env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1' } })
    const rx = await startWebhookReceiver()
    try {
      const store = await storeWithWebhook(t, `http://localhost:${rx.port}/h`)
      await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 1)
    } finally {
      await rx.close()
      await t.close()
    }
  })
})
