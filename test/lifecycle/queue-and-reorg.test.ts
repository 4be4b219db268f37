import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { assertLedgerBalanced, balance, createPayment, events, mine, status } from './lifecycle-helpers.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`unique-amount queue (${dialect.name})`, () => {
    let t: TestKassa
    // Two offsets per base amount, so the third payment of one amount must queue.
    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_UNIQUE_AMOUNT_SLOTS: '2' } })
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    test('queued → pending when a slot frees, with a fresh expiry; amounts stay unique', async () => {
      const store = await t.createStore('USDT_TRC20')
      const a = await createPayment(t, store, { amount: '10.00' })
      t.clock.advance(10 * MINUTE)
      const b = await createPayment(t, store, { amount: '10.00' })
      const c = await createPayment(t, store, { amount: '10.00' })
      assert.deepEqual([a.amount, b.amount, c.amount, c.status], ['10.01', '10.02', '10.00', 'queued'])
      assert.equal((await status(t, store, c.payment_id)).amount_with_cents, null)
      // Another base amount is not blocked by this queue.
      assert.equal((await createPayment(t, store, { amount: '11.00' })).status, 'pending')

      // a expires (created 10 min before b): its 10.01 goes to c.
      t.clock.advance(21 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, a.payment_id)).status, 'expired')
      const promoted = await status(t, store, c.payment_id)
      assert.equal(promoted.status, 'pending')
      assert.equal(promoted.amount_with_cents, 10.01)
      assert.equal(Date.parse(promoted.expires_at), Math.floor(t.clock.now() / 1000) * 1000 + 30 * MINUTE)

      // The promoted payment is paid by its new unique amount.
      await t.kassa.simulation.pay(c.payment_id)
      await mine(t, 'sim-tron', 19)
      assert.equal((await status(t, store, c.payment_id)).status, 'completed')
      assert.equal((await status(t, store, b.payment_id)).status, 'pending')
    })

    test("unique amounts step by the currency's own unit (0.0001 ETH), and are paid by exact amount", async () => {
      const store = await t.createStore('ETH:unique_amount')
      const a = await createPayment(t, store, { amount: '0.5' })
      const b = await createPayment(t, store, { amount: '0.5' })
      assert.deepEqual([a.amount, b.amount], ['0.50010000', '0.50020000'])
      assert.equal(a.pay_address, b.pay_address)
      await t.kassa.simulation.pay(b.payment_id)
      await mine(t, 'sim-ethereum', 12)
      assert.equal((await status(t, store, b.payment_id)).status, 'completed')
      assert.equal((await status(t, store, a.payment_id)).status, 'pending')
    })

    test('a queued payment that never gets a slot expires', async () => {
      const store = await t.createStore('USDT_TRC20')
      await createPayment(t, store, { amount: '20.00' })
      await createPayment(t, store, { amount: '20.00' })
      const q = await createPayment(t, store, { amount: '20.00' })
      assert.equal(q.status, 'queued')
      t.clock.advance(30 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, q.payment_id)).status, 'expired')
      assert.deepEqual(
        (await events(t, q.payment_id)).map((e) => e.event),
        ['payment.expired'],
      )
    })
  })

  describe(`reorganisations (${dialect.name})`, () => {
    let t: TestKassa
    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    test('a reorg that drops the transfer un-confirms a completed payment and reverses the credit', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.5' })
      await t.kassa.simulation.pay(p.payment_id)
      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      assert.equal((await balance(t, store)).json.BTC.total_received, 0.5)

      await t.kassa.simulation.reorg(3, { network: 'sim-bitcoin' })
      await t.kassa.runWorkersOnce()
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0)
      assert.equal(s.confirmed_at, null)
      const b = await balance(t, store)
      assert.ok(b.text.includes('"available":0.00000000'), b.text)
      assert.ok(b.text.includes('"total_received":0.00000000'), b.text)
      assert.ok(b.text.includes('"total_commission":0.00000000'), b.text)
    })

    test('a reorg that keeps the transfer re-confirms it without crediting twice', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.25' })
      await t.kassa.simulation.pay(p.payment_id)
      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')

      await t.kassa.simulation.reorg(2, { network: 'sim-bitcoin', keepTransactions: true })
      await t.kassa.runWorkersOnce()
      const back = await status(t, store, p.payment_id)
      assert.equal(back.status, 'confirming')
      assert.equal(back.confirmations, 0)
      assert.equal((await balance(t, store)).json.BTC.pending, 0.25)

      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      const b = await balance(t, store)
      assert.equal(b.json.BTC.total_received, 0.25)
      assert.ok(b.text.includes('"available":0.24750000'), b.text)
      // The watcher first saw the transfer already 2 deep, so there was no first `confirming`.
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.completed', 'payment.confirming', 'payment.completed'],
      )
    })

    test('the watcher resumes from its stored cursor after a restart', async () => {
      const store = await t.createStore('LTC')
      const p = await createPayment(t, store, { amount: '1' })
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.simulation.mine(6, 'sim-litecoin')
      // A fresh watcher (as after a restart) reads the cursor from the database.
      const { ChainWatcher } = await import('../../src/jobs/workers/chain-watcher.js')
      const adapter = t.kassa.deps.chains.byNetwork('sim-litecoin')!
      const fresh = new ChainWatcher(t.kassa.deps, adapter, t.kassa.log)
      const first = await fresh.runOnce()
      assert.ok(first.applied >= 6)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      const again = await new ChainWatcher(t.kassa.deps, adapter, t.kassa.log).runOnce()
      assert.equal(again.applied, 0)
    })
  })
}
