import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
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
