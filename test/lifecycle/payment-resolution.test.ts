import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PaymentNotFoundError, PaymentNotResolvableError, RequestInvalidError } from '../../src/errors/index.js'
import { resolvePayment } from '../../src/services/payments/resolve-payment.js'
import type { ResolvePaymentParams } from '../../src/services/payments/resolve-payment.js'
import { assignDeposit, listUnmatchedDeposits } from '../../src/services/payments/unmatched-deposits.js'
import { testDialects } from '../support/databases.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import { assertLedgerBalanced, balance, createPayment, events, mine, status } from './lifecycle-helpers.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`mark as paid / mark invalid (${dialect.name})`, () => {
    let t: TestKassa
    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    const resolve = (store: StoreCredentials, paymentId: string, kind: ResolvePaymentParams['kind'], reason = 'settled by bank transfer') =>
      resolvePayment(t.kassa.deps, { storeId: store.storeId, paymentId, kind, reason, by: 'owner@example.com' })

    async function expiredPayment(store: StoreCredentials, amount = '0.01') {
      const p = await createPayment(t, store, { amount, order_id: 'R-1' })
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
      return p
    }

    test('an expired payment marked paid: completed, payment.completed sent, the resolution kept, nothing credited', async () => {
      const store = await t.createStore('BTC')
      const p = await expiredPayment(store)
      const after = await resolve(store, p.payment_id, 'paid', '  paid in cash at the counter  ')
      assert.equal(after.status, 'completed')
      const stored = await t.kassa.deps.repos.payments.byId(p.payment_id)
      assert.deepEqual(stored?.resolution, {
        kind: 'paid',
        reason: 'paid in cash at the counter',
        by: 'owner@example.com',
        at: t.clock.now(),
        from: 'expired',
      })
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      const ev = await events(t, p.payment_id)
      assert.deepEqual(
        ev.map((e) => e.event),
        ['payment.expired', 'payment.completed'],
      )
      assert.equal(ev[1]!.body.status, 'completed')
      assert.equal(ev[1]!.body.payment_id, p.payment_id)
      assert.equal(ev[1]!.body.order_id, 'R-1')
      assert.equal(ev[1]!.body.amount_received, 0)
      const b = await balance(t, store)
      assert.ok(b.text.includes('"available":0.00000000'), b.text)
      assert.ok(b.text.includes('"total_received":0.00000000'), b.text)
    })

    test('an underpaid payment marked paid: completed, and what is credited stays what arrived', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.02' })
      await t.kassa.simulation.pay(p.payment_id, '0.005')
      await mine(t, 'sim-bitcoin', 2)
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'underpaid')
      const before = (await balance(t, store)).text
      assert.ok(before.includes('"available":0.00495000'), before)

      await resolve(store, p.payment_id, 'paid', 'the rest came by card')
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.amount_received, 0.005)
      assert.equal((await balance(t, store)).text, before, 'marking paid credits nothing more')
      const ev = await events(t, p.payment_id)
      assert.deepEqual(
        ev.map((e) => e.event),
        ['payment.underpaid', 'payment.completed'],
      )
      assert.equal(ev[1]!.body.amount_received, 0.005)
      await assertLedgerBalanced(t)
    })

    test('a pending payment on a shared address marked invalid: expired, payment.expired, its unique amount freed', async () => {
      const store = await t.createStore('USDT_TRC20')
      const p = await createPayment(t, store, { amount: '25.00' })
      const slots = () =>
        t.kassa.database.db.selectFrom('amount_slots').select('payment_id').where('payment_id', '=', p.payment_id).execute()
      assert.equal((await slots()).length, 1)
      await resolve(store, p.payment_id, 'invalid', 'order cancelled by the buyer')
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
      assert.equal((await slots()).length, 0)
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => [e.event, e.body.status]),
        [['payment.expired', 'expired']],
      )
      // The freed amount is handed out again: the next payment of the same base amount may take it.
      const next = await createPayment(t, store, { amount: '25.00' })
      assert.equal(p.amount, '25.01')
      assert.equal(next.amount, p.amount)
    })

    test('a completed payment marked invalid keeps its money on the books (refundable), and sends payment.expired', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.01' })
      await t.kassa.simulation.pay(p.payment_id)
      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      const before = (await balance(t, store)).text
      await resolve(store, p.payment_id, 'invalid', 'fraudulent order')
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'expired')
      assert.equal(s.amount_received, 0.01)
      assert.equal((await balance(t, store)).text, before)
      const stored = await t.kassa.deps.repos.payments.byId(p.payment_id)
      assert.equal(stored?.ledger.credited, 1_000_000n)
      assert.equal((await events(t, p.payment_id)).at(-1)?.event, 'payment.expired')
    })

    test('sticky: a payment marked invalid stays expired when more money comes, and every confirmed unit is credited', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.02' })
      await t.kassa.simulation.pay(p.payment_id, '0.01')
      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'pending')
      await resolve(store, p.payment_id, 'invalid', 'item out of stock')
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
      // Its confirmed part is on the books at once, though `expired` alone credits nothing.
      assert.ok((await balance(t, store)).text.includes('"available":0.00990000'))

      // The buyer sends the rest: it reaches no payment (unmatched), and the merchant assigns it.
      await t.kassa.simulation.pay(p.payment_id, '0.01')
      await t.kassa.runWorkersOnce()
      const [late] = (await listUnmatchedDeposits(t.kassa.deps, store.storeId)).filter((d) => d.toAddress === p.pay_address)
      assert.ok(late, 'the late transfer is kept as an unmatched deposit')
      await assignDeposit(t.kassa.deps, late.id, p.payment_id)
      await mine(t, 'sim-bitcoin', 2)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.amount_received, 0.02, 'the chain says paid in full')
      assert.equal(s.status, 'expired', 'the resolution still decides')
      const b = await balance(t, store)
      assert.equal(b.json.BTC.total_received, 0.02)
      assert.ok(b.text.includes('"available":0.01980000'), b.text)
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.expired'],
        'no webhook undoes the resolution',
      )
    })

    test('sticky: a payment marked paid stays completed through a late transfer and a reorg that drops it', async () => {
      const store = await t.createStore('BTC')
      const p = await expiredPayment(store)
      await resolve(store, p.payment_id, 'paid', 'paid by invoice')
      // A late transfer to its own address now counts (a completed payment takes a top-up).
      await t.kassa.simulation.pay(p.payment_id, '0.01')
      await mine(t, 'sim-bitcoin', 2)
      let s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.amount_received, 0.01)
      assert.equal((await balance(t, store)).json.BTC.total_received, 0.01)

      await t.kassa.simulation.reorg(3, { network: 'sim-bitcoin' })
      await t.kassa.runWorkersOnce()
      s = await status(t, store, p.payment_id)
      assert.equal(s.amount_received, 0)
      assert.equal(s.status, 'completed', 'a reorg does not reopen a payment marked paid')
      const b = await balance(t, store)
      assert.ok(b.text.includes('"total_received":0.00000000'), 'and nothing that left the chain stays credited')
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.expired', 'payment.completed'],
      )
    })

    test('refused: a status that does not allow it, a second resolution, no reason, another store', async () => {
      const store = await t.createStore('BTC')
      const other = await t.createStore('BTC')
      const open = await createPayment(t, store, { amount: '0.01' })
      await assert.rejects(resolve(store, open.payment_id, 'paid'), PaymentNotResolvableError)
      await assert.rejects(resolve(store, open.payment_id, 'invalid', '   '), RequestInvalidError)
      await assert.rejects(resolve(store, open.payment_id, 'invalid', 'x'.repeat(501)), RequestInvalidError)
      await assert.rejects(resolve(other, open.payment_id, 'invalid'), PaymentNotFoundError)
      assert.equal((await status(t, store, open.payment_id)).status, 'pending', 'a refusal writes nothing')

      await resolve(store, open.payment_id, 'invalid')
      await assert.rejects(resolve(store, open.payment_id, 'invalid'), /already marked invalid/)
      await assert.rejects(resolve(store, open.payment_id, 'paid'), PaymentNotResolvableError)

      const confirming = await createPayment(t, store, { amount: '0.01' })
      await t.kassa.simulation.pay(confirming.payment_id)
      await t.kassa.runWorkersOnce()
      await assert.rejects(resolve(store, confirming.payment_id, 'invalid'), /on its way/)
    })

    test('two resolutions at once: one wins, the other is refused, one webhook', async () => {
      const store = await t.createStore('BTC')
      const p = await expiredPayment(store)
      const results = await Promise.allSettled([resolve(store, p.payment_id, 'paid'), resolve(store, p.payment_id, 'invalid')])
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      const refused = results.find((r) => r.status === 'rejected')
      assert.ok(refused && refused.reason instanceof PaymentNotResolvableError)
      // Which one wins is the race's: marked paid sends payment.completed; marked invalid leaves
      // the expired payment expired, so it sends nothing more.
      const paidWon = results[0].status === 'fulfilled'
      const names = (await events(t, p.payment_id)).map((e) => e.event)
      assert.deepEqual(names, paidWon ? ['payment.expired', 'payment.completed'] : ['payment.expired'])
    })
  })

  describe(`mark invalid and the unique-amount queue (${dialect.name})`, () => {
    let t: TestKassa
    // Two offsets per base amount, so the third payment of one amount queues.
    before(async () => {
      t = await startTestKassa(dialect, { env: { KASSA_UNIQUE_AMOUNT_SLOTS: '2' } })
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    test('an open payment marked invalid hands its amount to the queue; a queued one marked invalid never gets one', async () => {
      const store = await t.createStore('USDT_TRC20')
      const by = { storeId: store.storeId, by: 'owner@example.com', reason: 'cancelled' }
      const a = await createPayment(t, store, { amount: '30.00' })
      const b = await createPayment(t, store, { amount: '30.00' })
      const c = await createPayment(t, store, { amount: '30.00' })
      const d = await createPayment(t, store, { amount: '30.00' })
      assert.deepEqual([c.status, d.status], ['queued', 'queued'])

      await resolvePayment(t.kassa.deps, { ...by, paymentId: d.payment_id, kind: 'invalid' })
      assert.equal((await status(t, store, d.payment_id)).status, 'expired')
      assert.deepEqual(
        (await events(t, d.payment_id)).map((e) => e.event),
        ['payment.expired'],
      )

      await resolvePayment(t.kassa.deps, { ...by, paymentId: a.payment_id, kind: 'invalid' })
      const promoted = await status(t, store, c.payment_id)
      assert.equal(promoted.status, 'pending', 'the freed amount goes to the oldest queued payment at once')
      assert.equal(promoted.amount_with_cents, Number(a.amount))
      const stillQueued = await status(t, store, d.payment_id)
      assert.equal(stillQueued.status, 'expired')
      assert.equal(stillQueued.amount_with_cents, null)
      assert.equal((await status(t, store, b.payment_id)).status, 'pending')
    })
  })
}
