import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assignDeposit, listUnmatchedDeposits } from '../../src/services/payments/unmatched-deposits.js'
import { testDialects } from '../support/databases.js'
import { startTestKassa } from '../support/test-kassa.js'
import type { TestKassa } from '../support/test-kassa.js'
import type { StoreCredentials } from '../support/signed-client.js'
import { assertLedgerBalanced, createPayment, mine, status } from './lifecycle-helpers.js'

const MINUTE = 60_000
/** TRON's confirmations (docs/API.md "Lifecycle"). */
const TRON_CONFIRMATIONS = 19
/** 0.25 %: forgives 0.10 of 40.01, so 40.00 is close enough. */
const TOLERANT = { underpayToleranceBp: 25 }

// A buyer who sends the round amount (40.00) for a unique amount (40.01) on a shared address:
// the near-amount rule of match-transfer.ts (docs/API.md "How a transfer finds its payment").
for (const dialect of await testDialects()) {
  describe(`unique amounts: a near amount on the shared address (${dialect.name})`, () => {
    let t: TestKassa

    before(async () => {
      t = await startTestKassa(dialect)
    })
    after(async () => {
      await assertLedgerBalanced(t)
      await t.close()
    })

    async function unmatchedAmounts(store: StoreCredentials): Promise<bigint[]> {
      return (await listUnmatchedDeposits(t.kassa.deps, store.storeId)).map((d) => d.amount)
    }

    test('40.00 for a 40.01 payment, within the store tolerance: matched, confirming, then completed', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const p = await createPayment(t, store, { amount: '40.00' })
      assert.equal(p.amount, '40.01')
      await t.kassa.simulation.pay(p.payment_id, '40.00')
      await t.kassa.runWorkersOnce()
      let s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'confirming')
      assert.equal(s.amount_received, 40)
      assert.deepEqual(await unmatchedAmounts(store), [])
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.amount_received, 40)
    })

    test('a little more than the unique amount, one payment near it: matched and overpaid', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const p = await createPayment(t, store, { amount: '40.00' })
      await t.kassa.simulation.pay(p.payment_id, '40.05')
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'overpaid')
      assert.equal(s.amount_received, 40.05)
      assert.deepEqual(await unmatchedAmounts(store), [])
    })

    test('two near transfers in one pass: the first pays the payment, the second stays unmatched', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const p = await createPayment(t, store, { amount: '40.00' })
      await t.kassa.simulation.pay(p.payment_id, '40.00')
      await t.kassa.simulation.pay(p.payment_id, '40.00')
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.amount_received, 40)
      assert.deepEqual(await unmatchedAmounts(store), [40_000_000n])
    })

    test('tolerance 0: the round amount stays an unmatched deposit and the payment waits', async () => {
      const store = await t.createStore('USDT_TRC20', { underpayToleranceBp: 0 })
      const p = await createPayment(t, store, { amount: '40.00' })
      await t.kassa.simulation.pay(p.payment_id, '40.00')
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0)
      assert.deepEqual(await unmatchedAmounts(store), [40_000_000n])
    })

    test('two open payments with the same base amount: unmatched, nothing credited to either', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const a = await createPayment(t, store, { amount: '40.00' })
      const b = await createPayment(t, store, { amount: '40.00' })
      assert.deepEqual([a.amount, b.amount], ['40.01', '40.02'])
      await t.kassa.simulation.pay(a.payment_id, '40.00')
      await t.kassa.simulation.pay(a.payment_id, '40.04') // over both: no more telling whose
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      for (const id of [a.payment_id, b.payment_id]) {
        const s = await status(t, store, id)
        assert.equal(s.status, 'pending')
        assert.equal(s.amount_received, 0)
      }
      assert.deepEqual((await unmatchedAmounts(store)).sort(), [40_000_000n, 40_040_000n])
    })

    test('the exact amount of a payment that just expired is not taken by its neighbour', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const late = await createPayment(t, store, { amount: '40.00' })
      t.clock.advance(20 * MINUTE)
      const open = await createPayment(t, store, { amount: '40.00' })
      assert.deepEqual([late.amount, open.amount], ['40.01', '40.02'])
      t.clock.advance(11 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, late.payment_id)).status, 'expired')
      // The first buyer pays late, the exact amount they were shown: that is theirs, not the neighbour's.
      await t.kassa.simulation.pay(open.payment_id, '40.01')
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const s = await status(t, store, open.payment_id)
      assert.equal(s.status, 'pending')
      assert.equal(s.amount_received, 0)
      assert.deepEqual(await unmatchedAmounts(store), [40_010_000n])
    })

    test('assigning an unmatched 40.00 to a 40.01 payment evaluates it with the store tolerance: completed', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const a = await createPayment(t, store, { amount: '40.00' })
      const b = await createPayment(t, store, { amount: '40.00' })
      await t.kassa.simulation.pay(a.payment_id, '40.00') // two could claim it: unmatched
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const [deposit] = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
      assert.ok(deposit)
      const assigned = await assignDeposit(t.kassa.deps, deposit.id, a.payment_id)
      assert.equal(assigned.status, 'completed')
      assert.equal((await status(t, store, a.payment_id)).status, 'completed')
      assert.equal((await status(t, store, b.payment_id)).status, 'pending')
      assert.deepEqual(await unmatchedAmounts(store), [])
    })

    test('assigning to an expired 40.01 payment: unconfirmed it is confirming, confirmed it completes', async () => {
      const store = await t.createStore('USDT_TRC20', TOLERANT)
      const p = await createPayment(t, store, { amount: '40.00' })
      t.clock.advance(31 * MINUTE)
      await t.kassa.runWorkersOnce()
      assert.equal((await status(t, store, p.payment_id)).status, 'expired')
      await t.kassa.simulation.pay(p.payment_id, '40.00')
      await t.kassa.runWorkersOnce()
      const [deposit] = await listUnmatchedDeposits(t.kassa.deps, store.storeId)
      assert.ok(deposit)
      assert.equal((await assignDeposit(t.kassa.deps, deposit.id, p.payment_id)).status, 'confirming')
      await mine(t, 'sim-tron', TRON_CONFIRMATIONS)
      const s = await status(t, store, p.payment_id)
      assert.equal(s.status, 'completed')
      assert.equal(s.amount_received, 40)
    })
  })
}
