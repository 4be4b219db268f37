import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, test } from 'node:test'
import { CAMPAIGN_CHECKS, runChecks } from './campaign-checks.js'
import type { CampaignFacts } from './campaign-checks.js'
import type { Delivery } from './flaky-receiver.js'

/**
 * Each of the campaign's checks fails when what it guards is broken: a small consistent world
 * (one store, two payments, one withdrawal) passes them all, and one defect at a time, of the
 * kind a crash could cause, makes exactly the check that guards it report it.
 */
const SECRET = 'whsec_test'

function delivery(eventId: string, event: string, paymentId: string, status: string, at: number, answer: number | 'hang' = 200): Delivery {
  const body = JSON.stringify({ event, payment_id: paymentId, status })
  const timestamp = '1700000000'
  const signature = createHmac('sha256', SECRET)
    .update(timestamp + body)
    .digest('hex')
  return { eventId, event, paymentId, status, at, answer, timestamp, signature, body }
}

/** A world in which nothing went wrong. */
function cleanFacts(): CampaignFacts {
  return {
    stores: [{ name: 'eth', storeId: 'S1', webhookSecret: SECRET }],
    creates: [
      {
        store: 'eth',
        orderId: 'O1',
        body: { amount: '1', order_id: 'O1' },
        idempotencyKey: 'K1',
        tries: 2,
        outcome: 'answered',
        httpStatus: 200,
        paymentId: 'P1',
        status: 'pending',
        amount: '1',
      },
      {
        store: 'eth',
        orderId: 'O2',
        body: { amount: '1', order_id: 'O2' },
        idempotencyKey: undefined,
        tries: 1,
        outcome: 'answered',
        httpStatus: 200,
        paymentId: 'P2',
        status: 'pending',
        amount: '1',
      },
    ],
    withdrawals: [{ store: 'eth', to: 'W1', amount: '0.1', outcome: 'answered', httpStatus: 200, payoutId: 'X1' }],
    replays: [{ orderId: 'O1', paymentId: 'P1', replayPaymentId: 'P1', detail: 'HTTP 200' }],
    snapshot: {
      payments: [
        { store: 'eth', paymentId: 'P1', orderId: 'O1', status: 'completed', currency: 'ETH', amountReceived: 100n, payAddress: 'A1' },
        { store: 'eth', paymentId: 'P2', orderId: 'O2', status: 'pending', currency: 'ETH', amountReceived: 30n, payAddress: 'A2' },
      ],
      balances: [{ store: 'eth', currency: 'ETH', totalReceived: 100n, pending: 30n, totalWithdrawn: 10n }],
      deposits: [{ storeId: 'S1', currency: 'ETH', amount: 5n, address: 'A2' }],
      feed: [
        { store: 'eth', eventId: '1', event: 'payment.confirming', paymentId: 'P1' },
        { store: 'eth', eventId: '2', event: 'payment.completed', paymentId: 'P1' },
      ],
      payouts: new Map([['X1', { payoutId: 'X1', to: 'W1', amount: 10n, status: 'confirmed', txHash: 'T9' }]]),
      unfinishedPayouts: 0,
    },
    chain: [
      { txHash: 'T1', network: 'sim-ethereum', currency: 'ETH', toAddress: 'A1', amount: 100n, mined: true, reverted: false },
      { txHash: 'T2', network: 'sim-ethereum', currency: 'ETH', toAddress: 'A2', amount: 35n, mined: true, reverted: false },
      { txHash: 'T9', network: 'sim-ethereum', currency: 'ETH', toAddress: 'W1', amount: 10n, mined: true, reverted: false },
    ],
    deliveries: [
      delivery('1', 'payment.confirming', 'P1', 'confirming', 1000, 500),
      delivery('1', 'payment.confirming', 'P1', 'confirming', 2000),
      delivery('2', 'payment.completed', 'P1', 'completed', 3000),
    ],
    doctor: { exitCode: 0, ok: true, findings: [] },
    refusals: new Map([[400, 3]]),
  }
}

/** One defect each, and the check that must report it. */
const DEFECTS: { check: string; what: string; breakIt: (f: CampaignFacts) => void }[] = [
  { check: 'creates-kept', what: 'an answered create is missing', breakIt: (f) => f.snapshot.payments.splice(1, 1) },
  {
    check: 'one-payment-per-order',
    what: 'a retried create made a second payment',
    breakIt: (f) => f.snapshot.payments.push({ ...f.snapshot.payments[1]!, paymentId: 'P3', amountReceived: 0n, payAddress: null }),
  },
  {
    check: 'idempotent-replays',
    what: 'a replay answered another payment',
    breakIt: (f) => ((f.replays as any)[0].replayPaymentId = 'P7'),
  },
  {
    check: 'final-events-delivered',
    what: "a completed payment's event was never accepted",
    breakIt: (f) => (f.deliveries as Delivery[]).pop(),
  },
  {
    check: 'feed-events-delivered',
    what: 'an event of the feed never reached the receiver',
    breakIt: (f) => f.snapshot.feed.push({ store: 'eth', eventId: '3', event: 'payment.confirming', paymentId: 'P2' }),
  },
  {
    check: 'deliveries-signed',
    what: 'a delivery with a wrong signature',
    breakIt: (f) => ((f.deliveries as Delivery[])[1]!.signature = 'ab'.repeat(32)),
  },
  {
    check: 'events-in-order',
    what: 'completed sent before confirming was accepted',
    breakIt: (f) => ((f.deliveries as Delivery[])[2]!.at = 1500),
  },
  {
    check: 'credited-once',
    what: 'a payment credited twice in the ledger',
    breakIt: (f) => (f.snapshot.balances[0]!.totalReceived = 200n),
  },
  {
    check: 'transfers-accounted',
    what: 'a payment counts more than the chain sent it',
    breakIt: (f) => {
      f.snapshot.payments[0]!.amountReceived = 200n
      f.snapshot.balances[0]!.totalReceived = 200n
    },
  },
  { check: 'payouts-kept', what: 'an answered withdrawal does not exist', breakIt: (f) => f.snapshot.payouts.set('X1', null) },
  {
    check: 'payouts-sent-once',
    what: 'a withdrawal paid twice',
    breakIt: (f) => (f.chain as any[]).push({ ...f.chain[2]!, txHash: 'T10' }),
  },
  {
    check: 'withdrawn-matches-chain',
    what: 'total_withdrawn differs from the chain',
    breakIt: (f) => (f.snapshot.balances[0]!.totalWithdrawn = 20n),
  },
  {
    check: 'doctor',
    what: 'kassa doctor found something',
    breakIt: (f) => (f.doctor = { exitCode: 1, ok: false, findings: ['ledger-balanced: ETH sums to 1'] }),
  },
  { check: 'no-server-errors', what: 'the server answered 500', breakIt: (f) => (f.refusals as Map<number, number>).set(500, 1) },
]

describe('crash campaign checks', () => {
  test('a consistent world passes every check', () => {
    for (const r of runChecks(cleanFacts())) assert.deepEqual(r.findings, [], r.name)
  })

  test('every check is exercised by a defect below', () => {
    const names = runChecks(cleanFacts()).map((r) => r.name)
    assert.equal(names.length, CAMPAIGN_CHECKS.length)
    assert.deepEqual([...new Set(DEFECTS.map((d) => d.check))].sort(), [...names].sort())
  })

  for (const d of DEFECTS) {
    test(`${d.check} reports: ${d.what}`, () => {
      const facts = cleanFacts()
      d.breakIt(facts)
      const failed = runChecks(facts).filter((r) => r.findings.length > 0)
      assert.ok(
        failed.some((r) => r.name === d.check),
        `${d.check} did not report it; failed: ${failed.map((r) => r.name).join(', ') || 'none'}`,
      )
    })
  }
})
