import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { assertLedgerBalanced, balance, createPayment, events, mine, status } from './lifecycle-helpers.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`payment lifecycle on the simulated chain (${dialect.name})`, () => {
    let t: TestKassa
    let usdt: StoreCredentials
    let btc: StoreCredentials

    before(async () => {
      t = await startTestKassa(dialect)
      usdt = await t.createStore('USDT_TRC20')
      btc = await t.createStore('BTC', { underpayToleranceBp: 0 })
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    test('pending → confirming → completed, credited once minus 1 % commission', async () => {
      const p = await createPayment(t, usdt, { amount: '100.00', order_id: 'L-1', metadata: { user_id: 42 } })
      assert.equal(p.status, 'pending')
      await t.kassa.simulation.pay(p.payment_id)
      await t.kassa.runWorkersOnce()
      let s = await status(t, usdt, p.payment_id)
      assert.equal(s.status, 'confirming')
      assert.equal(s.confirmations, 0)
      assert.match(s.tx_hash, /^[0-9a-f]{64}$/)
      assert.equal((await balance(t, usdt)).json.USDT_TRC20.pending, Number(p.amount))

      await mine(t, 'sim-tron', 18) // 18 confirmations: TRON needs 19
      s = await status(t, usdt, p.payment_id)
      assert.equal(s.status, 'confirming')
      assert.equal(s.confirmations, 18)

      await mine(t, 'sim-tron', 1)
      s = await status(t, usdt, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.confirmations, 19)
      assert.match(s.confirmed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      assert.equal(s.amount_received, Number(p.amount))

      await mine(t, 'sim-tron', 5) // more blocks change nothing in the ledger
      const b = await balance(t, usdt)
      const due = BigInt(Math.round(Number(p.amount) * 100)) // cents of USDT
      const fee = (due * 10_000n) / 100n // 1 % of atomic (6 decimals) = cents * 10_000 / 100
      assert.equal(b.json.USDT_TRC20.total_received, Number(p.amount))
      assert.equal(b.json.USDT_TRC20.pending, 0)
      assert.ok(b.text.includes(`"total_commission":${formatUsdt(fee)}`), b.text)
      assert.ok(b.text.includes(`"available":${formatUsdt(due * 10_000n - fee)}`), b.text)

      const ev = await events(t, p.payment_id)
      assert.deepEqual(
        ev.map((e) => e.event),
        ['payment.confirming', 'payment.completed'],
      )
      const completed = ev[1]!.body
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
      assert.equal(completed.status, 'completed')
      assert.equal(completed.order_id, 'L-1')
      assert.deepEqual(completed.metadata, { user_id: 42 })
      assert.equal(completed.tx_hash, s.tx_hash)
    })

    test('overpaid: more than due completes as overpaid, webhook payment.completed with that status', async () => {
      const p = await createPayment(t, btc, { amount: '0.01' })
      await t.kassa.simulation.pay(p.payment_id, '0.015')
      await mine(t, 'sim-bitcoin', 2)
      const s = await status(t, btc, p.payment_id)
      assert.equal(s.status, 'overpaid')
      assert.equal(s.amount_received, 0.015)
      const ev = await events(t, p.payment_id)
      assert.equal(ev.at(-1)!.event, 'payment.completed')
      assert.equal(ev.at(-1)!.body.status, 'overpaid')
    })

    test('partial payment stays pending until expiry, then underpaid and the part is credited', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.02' })
      await t.kassa.simulation.pay(p.payment_id, '0.005')
      await mine(t, 'sim-bitcoin', 2)
      let s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0.005)
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'underpaid')
      const b = await balance(t, store)
      assert.equal(b.json.BTC.total_received, 0.005)
      assert.ok(b.text.includes('"available":0.00495000'), b.text)
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.underpaid'],
      )
    })

    test('a part still unconfirmed at expiry is credited once it confirms', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.02' })
      await t.kassa.simulation.pay(p.payment_id, '0.01')
      await t.kassa.runWorkersOnce()
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'underpaid')
      assert.equal((await balance(t, store)).json.BTC.pending, 0.01)
      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await balance(t, store)).json.BTC.total_received, 0, 'one confirmation of two')
      await mine(t, 'sim-bitcoin', 1)
      const b = await balance(t, store)
      assert.equal(b.json.BTC.total_received, 0.01)
      assert.equal(b.json.BTC.pending, 0)
    })

    test('expiry: nothing paid → expired, and a later transfer is recorded as unmatched', async () => {
      const store = await t.createStore('BTC')
      const p = await createPayment(t, store, { amount: '0.01' })
      t.clock.advance(30 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
      assert.deepEqual(
        (await events(t, p.payment_id)).map((e) => e.event),
        ['payment.expired'],
      )
      // Simulate refuses nothing here: a buyer can still send to an old address.
      await t.kassa.simulation.pay(p.payment_id, '0.01')
      await mine(t, 'sim-bitcoin', 1)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'expired')
      assert.equal(s.amount_received, 0)
      const unmatched = await t.kassa.database.db
        .selectFrom('chain_transfers')
        .selectAll()
        .where('to_address', '=', p.pay_address)
        .execute()
      assert.equal(unmatched.length, 1)
      assert.equal(unmatched[0]!.unmatched, 1)
      assert.equal(unmatched[0]!.payment_id, null)

      // The merchant assigns the late transfer by hand: the payment completes with it.
      const { listUnmatchedDeposits, assignDeposit } = await import('../../src/services/payments/unmatched-deposits.js')
      const listed = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
      assert.deepEqual(
        listed.map((d) => [d.id, d.amount]),
        [[unmatched[0]!.id, 1_000_000n]],
      )
      await assignDeposit(t.kassa.deps, listed[0]!.id, p.payment_id)
      await mine(t, 'sim-bitcoin', 1)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
      assert.deepEqual(await listUnmatchedDeposits(t.kassa.deps, store.storeId), [])
      await assert.rejects(assignDeposit(t.kassa.deps, listed[0]!.id, p.payment_id), /No unmatched deposit/)
    })

    test('underpayment tolerance: 0.5 % short completes when the store forgives 1 %', async () => {
      const store = await t.createStore('BTC', { underpayToleranceBp: 100 })
      const p = await createPayment(t, store, { amount: '0.1' })
      await t.kassa.simulation.pay(p.payment_id, '0.0995')
      await mine(t, 'sim-bitcoin', 2)
      assert.equal((await status(t, store, p.payment_id)).status, 'completed')
    })

    test('a transfer with an amount no open payment holds is recorded as unmatched', async () => {
      const p = await createPayment(t, usdt, { amount: '7.00' })
      await t.kassa.simulation.pay(p.payment_id, '6.50')
      await mine(t, 'sim-tron', 1)
      const s = await status(t, usdt, p.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0)
      const rows = await t.kassa.database.db.selectFrom('chain_transfers').selectAll().where('amount', '=', '6500000').execute()
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.unmatched, 1)
    })
  })
}

function formatUsdt(atomic: bigint): string {
  const whole = atomic / 1_000_000n
  const frac = (atomic % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return `${whole}.${frac.padEnd(2, '0')}`
}
