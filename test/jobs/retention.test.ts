import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { RetentionPolicy } from '../../src/domain/retention/retention-policy.js'
import { purgeExpiredRows } from '../../src/jobs/workers/retention-worker.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { paymentWithEvents, storeWithWebhook } from '../webhooks/webhook-helpers.js'

// Issue 16 defect 9: rows past their retention go, recent ones stay, each statement deletes at
// most one batch, and nothing a live payment or an undelivered event needs is touched.

const DAY = 86_400_000
const POLICY: RetentionPolicy = {
  idempotencyMs: DAY,
  selectionMs: 7 * DAY,
  simBlocks: 5,
  webhookAttemptMs: 30 * DAY,
  webhookEventMs: 90 * DAY,
  batchSize: 1000,
  maxBatchesPerRun: 100,
}

for (const dialect of await testDialects()) {
  describe(`retention purge (${dialect.name})`, () => {
    let t: TestKassa
    const db = () => t.kassa.database.db
    const count = async (table: 'idempotency_keys' | 'selections' | 'sim_blocks' | 'webhook_attempts' | 'webhook_events') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(() => t.close())

    test('idempotency keys older than their retention go; recent ones still replay', async () => {
      const store = await t.createStore('BTC')
      const create = (key: string) =>
        t.request(store, 'POST', '/api/v1/payment/create', { amount: '0.01' }, { headers: { 'Idempotency-Key': key } })
      for (const key of ['old-1', 'old-2', 'old-3', 'new-1']) assert.equal((await create(key)).status, 200)
      const now = t.clock.now()
      await db()
        .updateTable('idempotency_keys')
        .set({ created_at: now - DAY - 1 })
        .where('key', 'like', 'old-%')
        .execute()
      await db()
        .updateTable('idempotency_keys')
        .set({ created_at: now - DAY + 60_000 })
        .where('key', '=', 'new-1')
        .execute()
      const run = await purgeExpiredRows(t.kassa.deps.repos, POLICY, now)
      assert.equal(run.idempotencyKeys, 3)
      const left = await db().selectFrom('idempotency_keys').select('key').where('store_id', '=', store.storeId).execute()
      assert.deepEqual(
        left.map((r) => r.key),
        ['new-1'],
      )
      assert.equal((await create('new-1')).headers.get('idempotent-replayed'), 'true', 'a kept key still replays')
    })

    test('selections go 7 days after they expire, used or not; younger ones stay', async () => {
      const store = await t.createStore('BTC,LTC')
      const tokens: string[] = []
      for (let i = 0; i < 3; i++) {
        const r = await t.request(store, 'POST', '/api/v1/payment/create', { amount: '1.00' })
        assert.equal(r.json.data.status, 'selecting', r.text)
      }
      const rows = await db().selectFrom('selections').select('token').where('store_id', '=', store.storeId).orderBy('token').execute()
      tokens.push(...rows.map((r) => r.token))
      assert.equal(tokens.length, 3)
      const now = t.clock.now()
      await db()
        .updateTable('selections')
        .set({ expires_at: now - 7 * DAY - 1 })
        .where('token', 'in', tokens.slice(0, 2))
        .execute()
      await db()
        .updateTable('selections')
        .set({ expires_at: now - 7 * DAY + 60_000 })
        .where('token', '=', tokens[2]!)
        .execute()
      const run = await purgeExpiredRows(t.kassa.deps.repos, POLICY, now)
      assert.equal(run.selections, 2)
      const left = await db().selectFrom('selections').select('token').where('store_id', '=', store.storeId).execute()
      assert.deepEqual(
        left.map((r) => r.token),
        [tokens[2]],
      )
    })

    test('sim blocks: the newest N of each network stay, and none the watcher has not read yet', async () => {
      await t.kassa.simulation.mine(20, 'sim-bitcoin')
      await t.kassa.runWorkersOnce()
      const heights = async () =>
        (await db().selectFrom('sim_blocks').select('height').where('network', '=', 'sim-bitcoin').orderBy('height').execute()).map((r) =>
          Number(r.height),
        )
      const tip = (await heights()).at(-1)!
      // A watcher that lags: its cursor 3 blocks below the tip keeps 5 blocks below the cursor.
      const cursor = await db().selectFrom('chain_cursors').select('height').where('network', '=', 'sim-bitcoin').executeTakeFirstOrThrow()
      assert.equal(Number(cursor.height), tip)
      await db()
        .updateTable('chain_cursors')
        .set({ height: tip - 3 })
        .where('network', '=', 'sim-bitcoin')
        .execute()
      await purgeExpiredRows(t.kassa.deps.repos, POLICY, t.clock.now())
      assert.deepEqual(await heights(), [tip - 7, tip - 6, tip - 5, tip - 4, tip - 3, tip - 2, tip - 1, tip])
      await db().updateTable('chain_cursors').set({ height: tip }).where('network', '=', 'sim-bitcoin').execute()
      await purgeExpiredRows(t.kassa.deps.repos, POLICY, t.clock.now())
      assert.deepEqual(await heights(), [tip - 4, tip - 3, tip - 2, tip - 1, tip])
      // Mining goes on from the kept tip.
      await t.kassa.simulation.mine(1, 'sim-bitcoin')
      assert.equal((await heights()).at(-1), tip + 1)
    })

    test('webhook attempts go after 30 days; settled events of final payments after 90, never pending ones or a live payment’s', async () => {
      // Loopback receiver, not allowed: every attempt is recorded as refused and the event stays
      // pending. The final and live payments' events are then marked delivered, as a receiver would.
      const store = await storeWithWebhook(t, null)
      await db().updateTable('stores').set({ webhook_url: 'http://127.0.0.1:9/h' }).where('id', '=', store.storeId).execute()
      const final = await paymentWithEvents(t, store, 'completed')
      const retried = await paymentWithEvents(t, store, 'completed')
      // Last: blocks mined for a later payment would complete it.
      const live = await paymentWithEvents(t, store, 'confirming')
      await t.kassa.webhookWorker.runUntilIdle()
      await db().updateTable('webhook_events').set({ status: 'delivered' }).where('payment_id', 'in', [final, live]).execute()
      const eventsOf = (paymentId: string) =>
        db().selectFrom('webhook_events').select(['id', 'status']).where('payment_id', '=', paymentId).orderBy('id').execute()
      const finalEvents = await eventsOf(final)
      const liveEvents = await eventsOf(live)
      const retriedEvents = await eventsOf(retried)
      assert.ok(finalEvents.length >= 2 && liveEvents.length >= 1)
      const finalNames = await db().selectFrom('webhook_events').select('event').where('payment_id', '=', final).orderBy('id').execute()
      assert.equal(finalNames.at(-1)!.event, 'payment.completed')
      assert.ok([...finalEvents, ...liveEvents].every((e) => e.status === 'delivered'))
      assert.ok(retriedEvents.every((e) => e.status === 'pending'))
      const attemptsOf = async (ids: number[]) =>
        (await db().selectFrom('webhook_attempts').select('id').where('event_id', 'in', ids).orderBy('id').execute()).map((r) => r.id)
      const retriedAttempts = await attemptsOf(retriedEvents.map((e) => e.id))
      const liveAttempts = await attemptsOf(liveEvents.map((e) => e.id))
      assert.ok(retriedAttempts.length >= 1 && liveAttempts.length >= 1)
      const now = t.clock.now()
      const ancient = now - 91 * DAY
      await db()
        .updateTable('webhook_events')
        .set({ updated_at: ancient, created_at: ancient })
        .where('store_id', '=', store.storeId)
        .execute()
      await db()
        .updateTable('webhook_events')
        .set({ updated_at: now - 89 * DAY })
        .where('id', '=', finalEvents[0]!.id)
        .execute()
      const young = await purgeExpiredRows(t.kassa.deps.repos, { ...POLICY, webhookAttemptMs: 0 }, now)
      assert.equal(young.webhookEvents, 0, 'younger than 90 days, or the final event: all stay')
      await db().updateTable('webhook_events').set({ updated_at: ancient }).where('id', '=', finalEvents[0]!.id).execute()
      await db()
        .updateTable('webhook_attempts')
        .set({ attempted_at: now - 29 * DAY })
        .where('store_id', '=', store.storeId)
        .execute()
      await db()
        .updateTable('webhook_attempts')
        .set({ attempted_at: now - 31 * DAY })
        .where('id', 'in', retriedAttempts)
        .execute()

      const run = await purgeExpiredRows(t.kassa.deps.repos, POLICY, now)
      assert.equal(run.webhookAttempts, retriedAttempts.length)
      assert.equal(run.webhookEvents, finalEvents.length - 1)
      assert.deepEqual(
        (await eventsOf(final)).map((e) => e.id),
        [finalEvents.at(-1)!.id],
        "the completed payment's earlier events went; its payment.completed stays for good",
      )
      assert.deepEqual(await eventsOf(live), liveEvents, 'a live payment keeps its history')
      assert.deepEqual(await eventsOf(retried), retriedEvents, 'undelivered events stay, however old')
      assert.deepEqual(await attemptsOf(retriedEvents.map((e) => e.id)), [], 'attempts past 30 days went')
      assert.deepEqual(await attemptsOf(liveEvents.map((e) => e.id)), liveAttempts, 'younger attempts stayed')
      assert.deepEqual(await attemptsOf([finalEvents[0]!.id]), [], 'a purged event takes its attempts along')
    })

    test('each statement deletes at most one batch and a run stops after its batch budget', async () => {
      const store = await t.createStore('BTC')
      for (let i = 0; i < 7; i++) {
        const r = await t.request(
          store,
          'POST',
          '/api/v1/payment/create',
          { amount: '0.01' },
          { headers: { 'Idempotency-Key': `batch-${i}` } },
        )
        assert.equal(r.status, 200)
      }
      const now = t.clock.now()
      await db()
        .updateTable('idempotency_keys')
        .set({ created_at: now - 2 * DAY })
        .where('store_id', '=', store.storeId)
        .execute()
      const before = await count('idempotency_keys')
      assert.equal(await t.kassa.deps.repos.retention.deleteIdempotencyKeys(now - DAY, 3), 3, 'one statement: one batch')
      const small = { ...POLICY, batchSize: 2, maxBatchesPerRun: 1 }
      assert.equal((await purgeExpiredRows(t.kassa.deps.repos, small, now)).idempotencyKeys, 2, 'one batch per run')
      assert.equal((await purgeExpiredRows(t.kassa.deps.repos, { ...small, maxBatchesPerRun: 10 }, now)).idempotencyKeys, 2)
      assert.equal(await count('idempotency_keys'), before - 7)
    })

    test('a period of 0 keeps that table forever', async () => {
      const now = t.clock.now()
      await db().updateTable('selections').set({ expires_at: 0 }).execute()
      const n = await count('selections')
      assert.ok(n > 0)
      assert.equal((await purgeExpiredRows(t.kassa.deps.repos, { ...POLICY, selectionMs: 0 }, now)).selections, 0)
      assert.equal(await count('selections'), n)
    })
  })
}
