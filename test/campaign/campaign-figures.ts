import type { CampaignFacts } from './campaign-checks.js'
import type { LoadRecords } from './campaign-load.js'

export interface CampaignFigures {
  /** Times the server process died of SIGKILL (what was asked for, if the kills happened). */
  kills: number
  /** ms from spawn to /readyz 200: the first start, then each restart. */
  startMs: { first: number; restartAvg: number; restartMax: number }
  creates: {
    /** Logical creates the load made (a keyed create sent again counts once). */
    made: number
    answered: number
    /** Answered with a non-2xx. */
    refused: number
    /** Never answered: the server was down or the connection was cut. */
    unanswered: number
    /** Unanswered, yet the payment exists (the kill came after the commit). */
    unansweredButCreated: number
    /** Keyed creates that took more than one request. */
    keyedRetried: number
    lost: number
  }
  paymentsAtEnd: Record<string, number>
  /** Simulated transfers to payments: asked for, and sent (the command or button said so). */
  transfersSent: { asked: number; cli: number; page: number }
  webhooks: {
    /** Events in the stores' feeds: what Kassa owed. */
    expected: number
    /** Of those, the events the receiver accepted (2xx) at least once. */
    received: number
    /** Events accepted that the feed did not hold yet when it was read (payments that ended since). */
    receivedAfterRead: number
    deliveries: number
    /** Deliveries the receiver refused on purpose (500 or no answer). */
    refusedByReceiver: number
    /** Events accepted more than once (at least once: a kill between the answer and its record). */
    duplicates: number
  }
  /** unanswered: sent and cut off by a kill; down: nothing listened (not retried, no idempotency key). */
  withdrawals: { asked: number; answered: number; refused: number; unanswered: number; down: number; confirmed: number; sentTwice: number }
  idempotentReplays: number
  doctorOk: boolean
  checksFailed: number
  durationMs: { load: number; drain: number; total: number }
  /** Non-2xx answers during the load, by what was asked and status. */
  refusals: Record<string, number>
}

export function campaignFigures(
  f: CampaignFacts,
  load: LoadRecords,
  t: { kills: number; restartMs: number[]; loadMs: number; drainMs: number; totalMs: number },
): CampaignFigures {
  const listedOrders = new Set(f.snapshot.payments.map((p) => p.orderId))
  const byId = new Set(f.snapshot.payments.map((p) => p.paymentId))
  const paymentsAtEnd: Record<string, number> = {}
  for (const p of f.snapshot.payments) paymentsAtEnd[p.status] = (paymentsAtEnd[p.status] ?? 0) + 1
  const accepted = new Map<string, number>()
  for (const d of f.deliveries) if (d.answer === 200) accepted.set(d.eventId, (accepted.get(d.eventId) ?? 0) + 1)
  const transfersTo = new Map<string, number>()
  for (const c of f.chain) transfersTo.set(c.toAddress, (transfersTo.get(c.toAddress) ?? 0) + 1)
  const feedIds = new Set(f.snapshot.feed.map((e) => e.eventId))
  const restarts = t.restartMs.slice(1)
  const sentOk = (via: 'cli' | 'page') => load.pays.filter((p) => p.via === via && p.outcome === 'answered').length
  return {
    kills: t.kills,
    startMs: {
      first: Math.round(t.restartMs[0] ?? 0),
      restartAvg: restarts.length ? Math.round(restarts.reduce((a, b) => a + b, 0) / restarts.length) : 0,
      restartMax: Math.round(Math.max(0, ...restarts)),
    },
    creates: {
      made: f.creates.length,
      answered: f.creates.filter((c) => c.outcome === 'answered').length,
      refused: f.creates.filter((c) => c.outcome === 'refused').length,
      unanswered: f.creates.filter((c) => c.outcome === 'no-answer' || c.outcome === 'down').length,
      unansweredButCreated: f.creates.filter((c) => c.outcome !== 'answered' && listedOrders.has(c.orderId)).length,
      keyedRetried: f.creates.filter((c) => c.idempotencyKey !== undefined && c.tries > 1).length,
      lost: f.creates.filter((c) => c.outcome === 'answered' && !byId.has(c.paymentId!)).length,
    },
    paymentsAtEnd,
    transfersSent: { asked: load.pays.length, cli: sentOk('cli'), page: sentOk('page') },
    webhooks: {
      expected: f.snapshot.feed.length,
      received: f.snapshot.feed.filter((e) => accepted.has(e.eventId)).length,
      receivedAfterRead: [...accepted.keys()].filter((id) => !feedIds.has(id)).length,
      deliveries: f.deliveries.length,
      refusedByReceiver: f.deliveries.filter((d) => d.answer !== 200).length,
      duplicates: [...accepted.values()].filter((n) => n > 1).length,
    },
    withdrawals: {
      asked: f.withdrawals.length,
      answered: f.withdrawals.filter((w) => w.outcome === 'answered').length,
      refused: f.withdrawals.filter((w) => w.outcome === 'refused').length,
      unanswered: f.withdrawals.filter((w) => w.outcome === 'no-answer').length,
      down: f.withdrawals.filter((w) => w.outcome === 'down').length,
      confirmed: [...f.snapshot.payouts.values()].filter((p) => p?.status === 'confirmed').length,
      sentTwice: f.withdrawals.filter((w) => (transfersTo.get(w.to) ?? 0) > 1).length,
    },
    idempotentReplays: f.replays.length,
    doctorOk: f.doctor.ok && f.doctor.exitCode === 0,
    checksFailed: 0,
    durationMs: { load: Math.round(t.loadMs), drain: Math.round(t.drainMs), total: Math.round(t.totalMs) },
    refusals: Object.fromEntries(load.refusalsByKind),
  }
}
