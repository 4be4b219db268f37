import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { createWithdrawal } from '../../src/services/payouts/create-withdrawal.js'
import { expectOk } from '../http/merchant-api-checks.js'
import { BUYER_ETH, completedEthPayment, expectCreated, refund, settle } from '../refunds/refund-helpers.js'
import type { StoreCredentials } from '../support/signed-client.js'
import type { TestKassa } from '../support/test-kassa.js'

/** The rows of a realistic lifecycle the corruption tests break, one at a time. */
export interface DoctorFixture {
  eth: StoreCredentials
  usdt: StoreCredentials
  /** A completed ETH payment, partly refunded (one refund settled, one waiting for its address). */
  ethPaymentId: string
  /** A withdrawal queued and not sent: its amount is in `withdrawing`. */
  openWithdrawalId: string
  /** The refund that waits for the buyer's address: its amount is in `refunding`. */
  openRefundId: string
  /** Two open unique-amount USDT payments at the store's one address. */
  openUsdt: [string, string]
  /** A completed USDT, an underpaid ETH and an expired USDT payment. */
  endedUsdt: string[]
}

const MINUTE = 60_000

/**
 * Payments that complete, expire and end underpaid, two still open on one unique-amount
 * address, a withdrawal settled and one queued, a refund settled and one waiting: the states
 * every check of the doctor reads.
 */
export async function doctorLifecycle(t: TestKassa): Promise<DoctorFixture> {
  const eth = await t.createStore('ETH')
  const usdt = await t.createStore('USDT_TRC20', { underpayToleranceBp: 0 })

  const ethPaymentId = await completedEthPayment(t, eth, '2')
  const settled = expectCreated(await refund(t, eth, ethPaymentId, { amount: '0.5', address: BUYER_ETH }))
  await settle(t, async () => (await payoutStatus(t, settled.id)) === 'confirmed')
  const waiting = expectCreated(await refund(t, eth, ethPaymentId, { amount: '0.25' }))

  const store = await t.kassa.stores.getStore(eth.storeId)
  const sent = await createWithdrawal(t.kassa.deps, store, { currency: 'ETH', amount: '0.1', to: BUYER_ETH })
  await settle(t, async () => (await t.kassa.repos.payouts.byId(sent.id))?.status === 'confirmed')

  const create = async (amount: string) =>
    expectOk(await t.request(usdt, 'POST', '/api/v1/payment/create', { amount })).payment_id as string
  const completed = await create('10')
  const expired = await create('10')
  // Underpaid on a unique-address currency: a unique amount is matched by its exact amount only.
  const underpaid = expectOk(await t.request(eth, 'POST', '/api/v1/payment/create', { amount: '1' })).payment_id as string
  await t.kassa.simulation.pay(completed)
  await t.kassa.simulation.pay(underpaid, '0.4')
  await t.kassa.runWorkersOnce()
  await t.kassa.simulation.mine(19, 'sim-tron')
  await t.kassa.simulation.mine(12, 'sim-ethereum')
  await t.kassa.runWorkersOnce()
  t.clock.advance(31 * MINUTE)
  await t.kassa.runWorkersOnce()
  const openUsdt: [string, string] = [await create('10'), await create('10')]
  for (const [id, want] of [
    [completed, 'completed'],
    [underpaid, 'underpaid'],
    [expired, 'expired'],
    [openUsdt[0], 'pending'],
    [openUsdt[1], 'pending'],
  ] as const) {
    assert.equal((await t.kassa.repos.payments.byId(id))?.status, want, id)
  }
  // Last, after the workers have run: the payout engine would send it otherwise.
  const open = await createWithdrawal(t.kassa.deps, store, { currency: 'ETH', amount: '0.2', to: BUYER_ETH })
  return {
    eth,
    usdt,
    ethPaymentId,
    openWithdrawalId: open.id,
    openRefundId: waiting.id,
    openUsdt,
    endedUsdt: [completed, underpaid, expired],
  }
}

async function payoutStatus(t: TestKassa, refundId: string): Promise<string | undefined> {
  const r = await sql<{
    status: string
  }>`select p.status from refunds r join payouts p on p.id = r.payout_id where r.id = ${refundId}`.execute(t.kassa.database.db)
  return r.rows[0]?.status
}
