import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { assertLedgerBalanced, createPayment, events, mine, status } from './lifecycle-helpers.js'

// A store's own confirmation thresholds (stores.confirmations) on the simulated networks:
// they decide when its payments complete, and the buyer's views count to them. The simulated
// Bitcoin network has no setting of its own, so it needs BTC's default of 2.

/** The buyer's status poll: what the payment page, the widget and the event stream show. */
async function publicStatus(t: TestKassa, paymentId: string) {
  const r = await fetch(`${t.baseUrl}/pay/${paymentId}/status`)
  assert.equal(r.status, 200)
  return ((await r.json()) as { data: { status: string; confirmations: number; confirmations_required: number } }).data
}

/** The first event of the payment's event stream (the state at once), then the stream is dropped. */
async function firstEvent(t: TestKassa, paymentId: string) {
  const res = await fetch(`${t.baseUrl}/pay/${paymentId}/events`)
  const reader = res.body!.getReader()
  let text = ''
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value)
  await reader.cancel()
  return JSON.parse(text.replace(/^data: /, '').trim()) as { status: string; confirmations_required: number }
}

/** What the payment page draws: "n of required" and the progress bar's maximum. */
async function pageRequired(t: TestKassa, paymentId: string): Promise<number> {
  const html = await (await fetch(`${t.baseUrl}/pay/${paymentId}`)).text()
  const max = /<progress id="conf-progress"[^>]* max="(\d+)"/.exec(html)?.[1]
  assert.ok(max, 'the payment page has its confirmations bar')
  return Number(max)
}

for (const dialect of await testDialects()) {
  describe(`per-store confirmations on the simulated chains (${dialect.name})`, () => {
    let t: TestKassa
    let quick: StoreCredentials
    let plain: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      quick = await t.createStore('BTC,LTC', { confirmations: { BTC: 1 } })
      plain = await t.createStore('BTC')
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    test('a store with BTC=1 completes at 1 confirmation while a store at the network’s needs 2', async () => {
      const q = await createPayment(t, quick, { amount: '0.01', currency: 'BTC', order_id: 'Q-1' })
      const p = await createPayment(t, plain, { amount: '0.01', order_id: 'P-1' })
      await t.kassa.simulation.pay(q.payment_id)
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, quick, q.payment_id)).status, 'confirming')
      assert.equal((await status(t, plain, p.payment_id)).status, 'confirming')
      assert.equal((await publicStatus(t, q.payment_id)).confirmations_required, 1)
      assert.equal((await publicStatus(t, p.payment_id)).confirmations_required, 2)
      assert.equal((await firstEvent(t, q.payment_id)).confirmations_required, 1)
      assert.equal((await firstEvent(t, p.payment_id)).confirmations_required, 2)
      assert.equal(await pageRequired(t, q.payment_id), 1)
      assert.equal(await pageRequired(t, p.payment_id), 2)

      await mine(t, 'sim-bitcoin', 1)
      const qs = await status(t, quick, q.payment_id)
      assert.equal(qs.status, 'completed')
      assert.equal(qs.confirmations, 1)
      const ps = await status(t, plain, p.payment_id)
      assert.equal(ps.status, 'confirming', 'the store at the network’s threshold still waits')
      assert.equal(ps.confirmations, 1)
      const pub = await publicStatus(t, q.payment_id)
      assert.deepEqual([pub.status, pub.confirmations, pub.confirmations_required], ['completed', 1, 1])
      assert.deepEqual(
        (await events(t, q.payment_id)).map((e) => e.event),
        ['payment.confirming', 'payment.completed'],
      )

      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await status(t, plain, p.payment_id)).status, 'completed')
      assert.equal((await publicStatus(t, p.payment_id)).confirmations_required, 2)
    })

    test('a threshold for one currency leaves the store’s others at their network’s (LTC 6)', async () => {
      const l = await createPayment(t, quick, { amount: '0.5', currency: 'LTC', order_id: 'Q-LTC' })
      await t.kassa.simulation.pay(l.payment_id)
      await mine(t, 'sim-litecoin', 5)
      assert.equal((await status(t, quick, l.payment_id)).status, 'confirming')
      assert.equal((await publicStatus(t, l.payment_id)).confirmations_required, 6)
      await mine(t, 'sim-litecoin', 1)
      assert.equal((await status(t, quick, l.payment_id)).status, 'completed')
    })

    test('raising a store’s threshold above the network’s holds its next payment back until then', async () => {
      await t.kassa.stores.updateStore(plain.storeId, { confirmations: { BTC: 4 } })
      const p = await createPayment(t, plain, { amount: '0.02', order_id: 'P-4' })
      await t.kassa.simulation.pay(p.payment_id)
      await mine(t, 'sim-bitcoin', 3)
      const s = await status(t, plain, p.payment_id)
      assert.equal(s.status, 'confirming', 'the network’s 2 no longer completes it')
      assert.equal(s.confirmations, 3)
      assert.equal((await publicStatus(t, p.payment_id)).confirmations_required, 4)
      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await status(t, plain, p.payment_id)).status, 'completed')

      // Cleared, the network's threshold rules again.
      await t.kassa.stores.updateStore(plain.storeId, { confirmations: {} })
      const again = await createPayment(t, plain, { amount: '0.03', order_id: 'P-2' })
      await t.kassa.simulation.pay(again.payment_id)
      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await status(t, plain, again.payment_id)).status, 'confirming')
      assert.equal((await publicStatus(t, again.payment_id)).confirmations_required, 2)
      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await status(t, plain, again.payment_id)).status, 'completed')
    })
  })
}
