import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { phpVerify, startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { createPayment } from '../lifecycle/lifecycle-helpers.js'
import { attemptRows, eventRows, paymentWithEvents, storeWithWebhook } from './webhook-helpers.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`webhook delivery (${dialect.name})`, () => {
    let t: TestKassa
    let rx: WebhookReceiver

    before(async () => {
      // Default retry delays (1 min … 6 h), reached by moving the test clock; 300 ms timeout.
      t = await startTestKassa(dialect, { env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1', KASSA_WEBHOOK_TIMEOUT_MS: '300' } })
      rx = await startWebhookReceiver()
    })
    after(async () => {
      await rx.close()
      await t.close()
    })

    const reset = () => {
      rx.received.length = 0
      rx.answer = () => ({ status: 200, body: 'ok' })
    }

    test('each event arrives once, in order, signed as the seed PHP sample verifies, with the stored body', async () => {
      reset()
      const store = await storeWithWebhook(t, rx.url)
      const paymentId = await paymentWithEvents(t, store, 'completed', { order_id: 'W-1', metadata: { user_id: 42, tags: ['a', 'b'] } })
      await t.kassa.webhookWorker.runUntilIdle()

      const rows = await eventRows(t, paymentId)
      assert.deepEqual(
        rows.map((r) => [r.event, r.status, r.attempts]),
        [
          ['payment.confirming', 'delivered', 1],
          ['payment.completed', 'delivered', 1],
        ],
      )
      assert.equal(rx.received.length, 2)
      rx.received.forEach((hook, i) => {
        const row = rows[i]!
        assert.ok(phpVerify(hook, store.webhookSecret), 'the PHP sample accepts the signature')
        assert.ok(!phpVerify(hook, store.apiSecret), 'and refuses it with another secret')
        assert.equal(hook.body, row.body, 'the body is the stored text, byte for byte')
        assert.equal(hook.headers['x-kassa-event-id'], String(row.id))
        assert.equal(hook.headers['x-kassa-delivery'], row.delivery_id)
        assert.equal(hook.headers['content-type'], 'application/json')
        assert.equal(Number(hook.headers['x-timestamp']), Math.floor(t.clock.now() / 1000))
      })
      const completed = JSON.parse(rx.received[1]!.body)
      assert.deepEqual(Object.keys(completed), [
        'event',
        'payment_id',
        'order_id',
        'amount',
        'amount_received',
        'currency',
        'tx_hash',
        'confirmed_at',
        'status',
        'metadata',
      ])
      assert.equal(completed.event, 'payment.completed')
      assert.equal(completed.order_id, 'W-1')
      assert.deepEqual(completed.metadata, { user_id: 42, tags: ['a', 'b'] })
      assert.ok(rx.received[1]!.body.includes('"amount":0.01'), rx.received[1]!.body)

      const [attempt] = await attemptRows(t, rows[0]!.id)
      assert.equal(attempt!.status_code, 200)
      assert.equal(attempt!.response_excerpt, 'ok')
      assert.equal(attempt!.url, rx.url)
      assert.ok(attempt!.latency_ms >= 0 && attempt!.latency_ms < 5000)

      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 2, 'a delivered event is not sent again')
    })

    test('a 500 is retried after the configured delays, not before, with the same body and delivery id', async () => {
      reset()
      rx.answer = (_req, i) => (i < 2 ? { status: 500, body: 'x'.repeat(5000) } : { status: 204 })
      const store = await storeWithWebhook(t, rx.url)
      const paymentId = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      let [row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'pending')
      assert.equal(row!.next_attempt_at, t.clock.now() + MINUTE)

      t.clock.advance(MINUTE - 1000)
      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 1, 'not retried before its time')
      t.clock.advance(1000)
      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 2)
      t.clock.advance(5 * MINUTE)
      await t.kassa.webhookWorker.runUntilIdle()
      ;[row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'delivered')
      assert.equal(rx.received.length, 3)
      assert.equal(new Set(rx.received.map((h) => h.body)).size, 1)
      assert.equal(new Set(rx.received.map((h) => h.headers['x-kassa-delivery'])).size, 1)
      const attempts = await attemptRows(t, row!.id)
      assert.deepEqual(
        attempts.map((a) => a.status_code),
        [500, 500, 204],
      )
      assert.equal(attempts[0]!.response_excerpt!.length, 1024, 'the first 1 KiB of the answer is kept')
    })

    test('a timeout and a refused connection are retried like a 500', async () => {
      reset()
      rx.answer = (_req, i) => (i === 0 ? 'hang' : { status: 200 })
      const store = await storeWithWebhook(t, rx.url)
      const paymentId = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      let [row] = await eventRows(t, paymentId)
      let attempts = await attemptRows(t, row!.id)
      assert.equal(row!.status, 'pending')
      assert.equal(attempts[0]!.status_code, null)
      assert.match(attempts[0]!.error!, /timed out after 300 ms/)
      assert.ok(attempts[0]!.latency_ms >= 290, `latency ${attempts[0]!.latency_ms}`)

      // Nothing listens on the next URL: a connection error.
      const closed = await startWebhookReceiver()
      await closed.close()
      await t.kassa.stores.updateStore(store.storeId, { webhookUrl: closed.url })
      t.clock.advance(MINUTE)
      await t.kassa.webhookWorker.runUntilIdle()
      attempts = await attemptRows(t, row!.id)
      assert.match(attempts[1]!.error!, /ECONNREFUSED/)
      await t.kassa.stores.updateStore(store.storeId, { webhookUrl: rx.url })
      t.clock.advance(5 * MINUTE)
      await t.kassa.webhookWorker.runUntilIdle()
      ;[row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'delivered')
      assert.equal(row!.attempts, 3)
    })

    test('after the 5th retry (6 attempts) the delivery is marked failed and never sent again', async () => {
      reset()
      rx.answer = () => ({ status: 503 })
      const store = await storeWithWebhook(t, rx.url)
      const paymentId = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      for (const delay of [1, 5, 30, 120, 360]) {
        t.clock.advance(delay * MINUTE)
        await t.kassa.webhookWorker.runUntilIdle()
      }
      const [row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'failed')
      assert.equal(row!.attempts, 6)
      assert.equal(rx.received.length, 6)
      t.clock.advance(24 * 60 * MINUTE)
      await t.kassa.webhookWorker.runUntilIdle()
      assert.equal(rx.received.length, 6)
    })

    test('in order per payment: a later event waits while an earlier one is being retried', async () => {
      reset()
      const mine = (h: { body: string }) => JSON.parse(h.body).payment_id === paymentId
      let paymentId = ''
      let first = true
      rx.answer = (h) => (mine(h) && first ? ((first = false), { status: 500 }) : { status: 200 })
      const store = await storeWithWebhook(t, rx.url)
      paymentId = await paymentWithEvents(t, store, 'completed')
      await t.kassa.webhookWorker.runUntilIdle()
      // Mining also completed the earlier tests' payments; only this payment's events count.
      const sent = () => rx.received.filter(mine).map((h) => JSON.parse(h.body).event)
      assert.deepEqual(sent(), ['payment.confirming'])
      t.clock.advance(MINUTE)
      await t.kassa.webhookWorker.runUntilIdle()
      assert.deepEqual(sent(), ['payment.confirming', 'payment.confirming', 'payment.completed'])
      assert.deepEqual(
        (await eventRows(t, paymentId)).map((r) => r.status),
        ['delivered', 'delivered'],
      )
    })

    test('a store without a webhook URL: its events are skipped (still in the feed), nothing is sent', async () => {
      reset()
      const store = await storeWithWebhook(t, null)
      const paymentId = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      const [row] = await eventRows(t, paymentId)
      assert.equal(row!.status, 'skipped')
      assert.equal(rx.received.length, 0)
      assert.equal((await attemptRows(t, row!.id)).length, 0)
    })

    test('donations record no webhook event', async () => {
      reset()
      const store = await storeWithWebhook(t, rx.url)
      const created = await t.kassa.stores.getStore(store.storeId)
      const { createPayment: create } = await import('../../src/services/payments/create-payment.js')
      const r = await create(t.kassa.deps, t.kassa.rates, created, { amount: '0.01', source: 'donation' })
      assert.equal(r.kind, 'payment')
      const id = r.kind === 'payment' ? r.payment.id : ''
      await t.kassa.simulation.pay(id)
      await t.kassa.runWorkersOnce()
      const status = await t.kassa.database.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirstOrThrow()
      assert.equal(status.status, 'confirming')
      assert.deepEqual(await eventRows(t, id), [])
      // An API payment of the same store does record one, so the check above can fail.
      const p = await createPayment(t, store, { amount: '0.01' })
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      assert.equal((await eventRows(t, p.payment_id)).length, 1)
    })
  })
}
