import assert from 'node:assert/strict'
import { test } from 'node:test'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import { eventRows, paymentWithEvents, storeWithWebhook } from './webhook-helpers.js'

// In-process worker logic only: SQLite is enough.
const [sqlite] = await testDialects()

test('stop() does not wait out a hanging receiver; the abandoned attempt is sent again after its lease', async () => {
  const t = await startTestKassa(sqlite!, {
    env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1', KASSA_WEBHOOK_TIMEOUT_MS: '8000', KASSA_WEBHOOK_POLL_MS: '10' },
  })
  const rx = await startWebhookReceiver()
  try {
    rx.answer = (_h, i) => (i === 0 ? 'hang' : { status: 200 })
    const store = await storeWithWebhook(t, rx.url)
    const paymentId = await paymentWithEvents(t, store, 'confirming')
    t.kassa.webhookWorker.start()
    await rx.waitFor(1)
    const started = performance.now()
    await t.kassa.webhookWorker.stop()
    const waited = performance.now() - started
    assert.ok(waited >= 1900 && waited < 4000, `stop took ${Math.round(waited)} ms; the grace is 2 s, the timeout 8 s`)
    let [row] = await eventRows(t, paymentId)
    assert.equal(row!.status, 'sending', 'left leased, not recorded')

    // The next process on the same database (as after a restart).
    const next = await Kassa.open({
      config: t.kassa.config,
      now: t.clock.now,
      logger: pino({ level: 'silent' }),
      database: t.database.handle,
    })
    try {
      await next.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 1, 'not sent again while its lease holds')
      t.clock.advance(8000 * 1.5 + 1000 + 1) // the lease: 1.5 × timeout + 1 s
      await next.webhookWorker.runUntilIdle()
      ;[row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'delivered')
      assert.equal(rx.received[1]!.body, rx.received[0]!.body)
    } finally {
      await next.close()
    }
  } finally {
    await rx.close()
    await t.close()
  }
})
