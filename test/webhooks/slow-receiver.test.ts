import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { createPayment } from '../lifecycle/lifecycle-helpers.js'
import { eventRows, storeWithWebhook } from './webhook-helpers.js'

const SLOW_MS = 800

for (const dialect of await testDialects()) {
  describe(`a slow receiver does not hold back other stores (${dialect.name})`, () => {
    let t: TestKassa
    let slow: WebhookReceiver
    let fast: WebhookReceiver

    before(async () => {
      // 4 attempts in flight overall, 2 per store: the slow store can hold only half.
      t = await startTestKassa(dialect, {
        env: {
          KASSA_WEBHOOK_ALLOW_PRIVATE: '1',
          KASSA_WEBHOOK_CONCURRENCY: '4',
          KASSA_WEBHOOK_STORE_CONCURRENCY: '2',
          KASSA_WEBHOOK_POLL_MS: '10',
        },
      })
      slow = await startWebhookReceiver()
      fast = await startWebhookReceiver()
      slow.answer = () => ({ status: 200, delayMs: SLOW_MS })
    })
    after(async () => {
      await t.kassa.webhookWorker.stop()
      await slow.close()
      await fast.close()
      await t.close()
    })

    test('the other store is delivered while the slow one waits on its answers', async () => {
      const slowStore = await storeWithWebhook(t, slow.url)
      const fastStore = await storeWithWebhook(t, fast.url)
      const slowPayments: string[] = []
      for (let i = 0; i < 4; i++) slowPayments.push((await createPayment(t, slowStore, { amount: '0.01' })).payment_id)
      const fastPayment = (await createPayment(t, fastStore, { amount: '0.01' })).payment_id
      for (const id of slowPayments) await t.kassa.simulation.pay(id)
      await t.kassa.simulation.pay(fastPayment)
      await t.kassa.runWorkersOnce()
      // The slow store's 4 events come first in the outbox.
      const started = performance.now()
      t.kassa.webhookWorker.start()
      await fast.waitFor(1, SLOW_MS)
      const elapsed = performance.now() - started
      assert.ok(elapsed < SLOW_MS / 2, `the fast store waited ${Math.round(elapsed)} ms`)
      await new Promise((r) => setTimeout(r, 200))
      assert.equal(slow.received.length, 2, 'the slow store holds its 2 slots, no more')
      assert.equal(JSON.parse(fast.received[0]!.body).payment_id, fastPayment)
      await slow.waitFor(4, 6 * SLOW_MS)
      const rows = await Promise.all(slowPayments.map((id) => eventRows(t, id)))
      // The last outcomes are written a moment after the last answer.
      for (let i = 0; i < 150 && rows.flat().some((r) => r.status !== 'delivered'); i++) {
        await new Promise((r) => setTimeout(r, 20))
        rows.splice(0, rows.length, ...(await Promise.all(slowPayments.map((id) => eventRows(t, id)))))
      }
      assert.deepEqual(
        rows.flat().map((r) => r.status),
        slowPayments.map(() => 'delivered'),
      )
    })
  })
}
