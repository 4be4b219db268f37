import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { WebhookReceiver } from '../support/webhook-receiver.js'
import { paymentWithEvents, storeWithWebhook } from './webhook-helpers.js'

for (const dialect of await testDialects()) {
  describe(`GET /api/v1/events (${dialect.name})`, () => {
    let t: TestKassa
    let rx: WebhookReceiver

    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_WEBHOOK_ALLOW_PRIVATE: '1' } })
      rx = await startWebhookReceiver()
    })
    after(async () => {
      await rx.close()
      await t.close()
    })

    test('every event of the store, in order, page by page, with the webhook bodies byte for byte', async () => {
      const store = await storeWithWebhook(t, rx.url)
      const other = await storeWithWebhook(t, rx.url)
      const payments = [
        await paymentWithEvents(t, store, 'completed'),
        await paymentWithEvents(t, store, 'completed', { metadata: { n: 1.1 } }),
      ]
      await paymentWithEvents(t, other, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      t.clock.advance(5000) // past PostgreSQL's settle window
      const rows = await t.kassa.database.db
        .selectFrom('webhook_events')
        .selectAll()
        .where('store_id', '=', store.storeId)
        .orderBy('id')
        .execute()
      assert.equal(rows.length, 4)

      const first = await t.request(store, 'GET', '/api/v1/events?limit=3')
      assert.equal(first.status, 200, first.text)
      assert.equal(first.json.success, true)
      assert.deepEqual(
        first.json.data.events.map((e: any) => e.event_id),
        rows.slice(0, 3).map((r) => String(r.id)),
      )
      assert.equal(first.json.data.next_cursor, String(rows[2]!.id))
      assert.equal(first.json.data.has_more, true)
      for (const row of rows.slice(0, 3)) assert.ok(first.text.includes(`"payload":${row.body}`), 'the stored body, verbatim')
      for (const row of rows) {
        const sent = rx.received.find((h) => h.headers['x-kassa-event-id'] === String(row.id))
        assert.equal(sent?.body, row.body, 'the feed carries what the webhook carried')
      }
      assert.deepEqual(first.json.data.events[0].payload.payment_id, payments[0])

      const second = await t.request(store, 'GET', `/api/v1/events?after=${first.json.data.next_cursor}&limit=3`)
      assert.deepEqual(
        second.json.data.events.map((e: any) => [e.event_id, e.event]),
        [[String(rows[3]!.id), 'payment.completed']],
      )
      assert.equal(second.json.data.has_more, false)
      assert.ok(second.text.includes('"n":1.10') || second.text.includes('"n":1.1'))
      const third = await t.request(store, 'GET', `/api/v1/events?after=${second.json.data.next_cursor}`)
      assert.deepEqual(third.json.data, { events: [], next_cursor: second.json.data.next_cursor, has_more: false })
    })

    test('bad cursor or limit: 400 in the Merchant API envelope; unsigned: 401', async () => {
      const store = await storeWithWebhook(t, null)
      for (const q of [
        'after=abc',
        'after=-1',
        'after=01',
        'after=99999999999999999999',
        'limit=0',
        'limit=301',
        'limit=1.5',
        'limit=',
        'cursor=1',
      ]) {
        const res = await t.request(store, 'GET', `/api/v1/events?${q}`)
        assert.equal(res.status, 400, `${q}: ${res.text}`)
        assert.equal(res.json.success, false)
        assert.match(res.json.error, /after|limit|cursor/, q)
      }
      const unsigned = await fetch(`${t.baseUrl}/api/v1/events`)
      assert.equal(unsigned.status, 401)
      assert.equal(((await unsigned.json()) as any).success, false)
    })

    test(
      dialect.name === 'postgres'
        ? 'PostgreSQL: an event shows only after the settle window (ids commit out of order there)'
        : 'SQLite: an event shows at once (one writer commits in id order)',
      async () => {
        const store = await storeWithWebhook(t, null)
        await paymentWithEvents(t, store, 'confirming')
        const now = await t.request(store, 'GET', '/api/v1/events')
        assert.equal(now.json.data.events.length, dialect.name === 'postgres' ? 0 : 1)
        t.clock.advance(2500)
        const later = await t.request(store, 'GET', '/api/v1/events')
        assert.equal(later.json.data.events.length, 1)
      },
    )

    test('the route is in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as any
      const op = doc.paths['/api/v1/events']?.get
      assert.ok(op, 'GET /api/v1/events documented')
      assert.deepEqual(
        op.parameters
          .filter((p: any) => p.in === 'query')
          .map((p: any) => p.name)
          .sort(),
        ['after', 'limit'],
      )
    })
  })
}
