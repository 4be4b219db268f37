import { createHmac } from 'node:crypto'
import type { ChainTransfer } from './chain-reader.js'
import type { CreateRecord, WithdrawalRecord } from './campaign-load.js'
import type { Delivery } from './flaky-receiver.js'
import type { Snapshot } from './campaign-snapshot.js'

export interface CheckResult {
  name: string
  /** What holds when it passes. */
  title: string
  findings: string[]
}

export interface ReplayRecord {
  orderId: string
  paymentId: string
  /** The payment id the replay answered (undefined: no 2xx answer). */
  replayPaymentId: string | undefined
  detail: string
}

export interface DoctorResult {
  exitCode: number | null
  ok: boolean
  /** `check: finding` lines. */
  findings: string[]
}

/** Everything the campaign saw: its own records, Kassa's reports, the chain, the receiver. */
export interface CampaignFacts {
  stores: readonly { name: string; storeId: string; webhookSecret: string }[]
  creates: readonly CreateRecord[]
  withdrawals: readonly WithdrawalRecord[]
  replays: readonly ReplayRecord[]
  snapshot: Snapshot
  chain: readonly ChainTransfer[]
  deliveries: readonly Delivery[]
  doctor: DoctorResult
  /** Non-2xx answers during the load, by status. */
  refusals: ReadonlyMap<number, number>
}

const CREDITED = new Set(['completed', 'overpaid', 'underpaid'])
const FINAL_EVENT: Record<string, string> = {
  completed: 'payment.completed',
  overpaid: 'payment.completed',
  underpaid: 'payment.underpaid',
  expired: 'payment.expired',
}

const ok2xx = (d: Delivery) => typeof d.answer === 'number' && d.answer >= 200 && d.answer < 300

/** Every create answered 2xx is there at the end, with its order id: none lost to a kill. */
export function createsKept(f: CampaignFacts): CheckResult {
  const byId = new Map(f.snapshot.payments.map((p) => [p.paymentId, p]))
  const findings: string[] = []
  for (const c of f.creates) {
    if (c.outcome !== 'answered') continue
    const p = byId.get(c.paymentId!)
    if (!p) findings.push(`create ${c.orderId} was answered with payment ${c.paymentId}, which does not exist`)
    else if (p.orderId !== c.orderId) findings.push(`payment ${c.paymentId} has order_id ${p.orderId}, created as ${c.orderId}`)
  }
  return { name: 'creates-kept', title: 'every create answered 2xx exists', findings }
}

/** One order id, one payment: a keyed create retried after a kill did not create a second. */
export function onePaymentPerOrder(f: CampaignFacts): CheckResult {
  const seen = new Map<string, string>()
  const findings: string[] = []
  for (const p of f.snapshot.payments) {
    if (p.orderId === null) continue
    const other = seen.get(p.orderId)
    if (other) findings.push(`order ${p.orderId} has two payments: ${other} and ${p.paymentId}`)
    else seen.set(p.orderId, p.paymentId)
  }
  return { name: 'one-payment-per-order', title: 'no order id has two payments', findings }
}

/** An answered keyed create sent again after the kills answers the same payment. */
export function idempotentReplays(f: CampaignFacts): CheckResult {
  const findings = f.replays
    .filter((r) => r.replayPaymentId !== r.paymentId)
    .map((r) => `order ${r.orderId}: replay answered ${r.replayPaymentId ?? r.detail}, first answer was ${r.paymentId}`)
  return { name: 'idempotent-replays', title: 'an Idempotency-Key replayed after the kills answers the first payment', findings }
}

/** Each ended payment's event reached the receiver and was accepted (2xx) at least once. */
export function finalEventsDelivered(f: CampaignFacts): CheckResult {
  const accepted = new Set(f.deliveries.filter(ok2xx).map((d) => `${d.paymentId} ${d.event} ${d.status}`))
  const findings: string[] = []
  for (const p of f.snapshot.payments) {
    const event = FINAL_EVENT[p.status]
    if (event && !accepted.has(`${p.paymentId} ${event} ${p.status}`))
      findings.push(`payment ${p.paymentId} is ${p.status}; ${event} never accepted`)
  }
  return { name: 'final-events-delivered', title: "every ended payment's webhook event reached the receiver", findings }
}

/** Every event of the stores' event feeds was accepted by the receiver at least once. */
export function feedEventsDelivered(f: CampaignFacts): CheckResult {
  const accepted = new Set(f.deliveries.filter(ok2xx).map((d) => d.eventId))
  const findings = f.snapshot.feed
    .filter((e) => !accepted.has(e.eventId))
    .map((e) => `event ${e.eventId} (${e.event} of ${e.paymentId}) never accepted`)
  return { name: 'feed-events-delivered', title: 'every event in the feed reached the receiver', findings }
}

/** Every delivery is signed with its store's webhook secret, as the seed's PHP verifies it. */
export function deliveriesSigned(f: CampaignFacts): CheckResult {
  const storeOf = new Map(f.snapshot.payments.map((p) => [p.paymentId, p.store]))
  const secretOf = new Map(f.stores.map((s) => [s.name, s.webhookSecret]))
  const findings: string[] = []
  for (const d of f.deliveries) {
    const secret = secretOf.get(storeOf.get(d.paymentId) ?? '')
    const expected =
      secret &&
      createHmac('sha256', secret)
        .update(d.timestamp + d.body)
        .digest('hex')
    if (!expected || expected !== d.signature) findings.push(`event ${d.eventId} (${d.event} of ${d.paymentId}): signature does not verify`)
  }
  return { name: 'deliveries-signed', title: "every delivery verifies with its store's secret", findings }
}

/**
 * In order per payment (docs/WEBHOOKS.md): an event is first sent only after every earlier event
 * of its payment was accepted, kills or not.
 */
export function eventsInOrder(f: CampaignFacts): CheckResult {
  const firstSent = new Map<string, number>()
  const firstAccepted = new Map<string, number>()
  for (const d of f.deliveries) {
    if (!firstSent.has(d.eventId)) firstSent.set(d.eventId, d.at)
    if (ok2xx(d) && !firstAccepted.has(d.eventId)) firstAccepted.set(d.eventId, d.at)
  }
  const byPayment = new Map<string, string[]>()
  for (const e of f.snapshot.feed) byPayment.set(e.paymentId, [...(byPayment.get(e.paymentId) ?? []), e.eventId])
  const findings: string[] = []
  for (const [paymentId, ids] of byPayment) {
    for (let i = 1; i < ids.length; i++) {
      const earlier = firstAccepted.get(ids[i - 1]!)
      const sent = firstSent.get(ids[i]!)
      if (sent !== undefined && (earlier === undefined || sent < earlier))
        findings.push(`payment ${paymentId}: event ${ids[i]} was sent before event ${ids[i - 1]} was accepted`)
    }
  }
  return { name: 'events-in-order', title: "a payment's events are sent in order", findings }
}

/**
 * No double credit: what the ledger says a store received (total_received, pending) is what its
 * payments say they received, payment by payment.
 */
export function creditedOnce(f: CampaignFacts): CheckResult {
  const findings: string[] = []
  for (const b of f.snapshot.balances) {
    const mine = f.snapshot.payments.filter((p) => p.store === b.store && p.currency === b.currency)
    const credited = mine.filter((p) => CREDITED.has(p.status)).reduce((s, p) => s + p.amountReceived, 0n)
    const open = mine.filter((p) => !CREDITED.has(p.status)).reduce((s, p) => s + p.amountReceived, 0n)
    if (b.totalReceived !== credited)
      findings.push(`${b.store} ${b.currency}: total_received ${b.totalReceived}, its ended payments received ${credited}`)
    if (b.pending !== open) findings.push(`${b.store} ${b.currency}: pending ${b.pending}, its open payments received ${open}`)
  }
  return { name: 'credited-once', title: 'balances equal what the payments received (no double credit)', findings }
}

/**
 * Every transfer on the chain to a payment address is counted once: by a payment, or as an
 * unmatched deposit; nothing counted that the chain does not hold.
 */
export function transfersAccounted(f: CampaignFacts): CheckResult {
  const findings: string[] = []
  for (const store of f.stores) {
    const payments = f.snapshot.payments.filter((p) => p.store === store.name)
    const addresses = new Set(payments.map((p) => p.payAddress).filter((a): a is string => a !== null))
    const onChain = f.chain.filter((t) => t.mined && !t.reverted && addresses.has(t.toAddress)).reduce((s, t) => s + t.amount, 0n)
    const received = payments.reduce((s, p) => s + p.amountReceived, 0n)
    const unmatched = f.snapshot.deposits.filter((d) => d.storeId === store.storeId).reduce((s, d) => s + d.amount, 0n)
    if (onChain !== received + unmatched)
      findings.push(
        `${store.name}: the chain holds ${onChain} at its payment addresses; payments received ${received} + unmatched ${unmatched}`,
      )
  }
  return { name: 'transfers-accounted', title: 'each transfer counted once, by a payment or as an unmatched deposit', findings }
}

/** Every withdrawal answered 2xx exists, as asked, and ended confirmed. */
export function payoutsKept(f: CampaignFacts): CheckResult {
  const findings: string[] = []
  for (const w of f.withdrawals) {
    if (w.payoutId === undefined) continue
    const p = f.snapshot.payouts.get(w.payoutId)
    if (!p) findings.push(`withdrawal to ${w.to} was answered with payout ${w.payoutId}, which does not exist`)
    else if (p.to !== w.to) findings.push(`payout ${w.payoutId} goes to ${p.to}, asked for ${w.to}`)
    else if (p.status !== 'confirmed') findings.push(`payout ${w.payoutId} ended ${p.status}`)
  }
  return { name: 'payouts-kept', title: 'every withdrawal answered 2xx exists and was confirmed', findings }
}

/** No withdrawal paid twice: each destination (one per withdrawal asked) got at most one transfer. */
export function payoutsSentOnce(f: CampaignFacts): CheckResult {
  const findings: string[] = []
  const byAddress = new Map<string, ChainTransfer[]>()
  for (const t of f.chain) byAddress.set(t.toAddress, [...(byAddress.get(t.toAddress) ?? []), t])
  for (const w of f.withdrawals) {
    const sent = byAddress.get(w.to) ?? []
    if (sent.length > 1) findings.push(`withdrawal to ${w.to} was sent ${sent.length} times: ${sent.map((t) => t.txHash).join(', ')}`)
    const p = w.payoutId === undefined ? undefined : f.snapshot.payouts.get(w.payoutId)
    if (p?.status === 'confirmed' && (sent.length !== 1 || sent[0]!.txHash !== p.txHash || sent[0]!.amount !== p.amount))
      findings.push(`payout ${p.payoutId} is confirmed as ${p.txHash}; the chain holds ${sent.length} transfer(s) to ${w.to}`)
  }
  return { name: 'payouts-sent-once', title: 'no withdrawal sent twice', findings }
}

/** total_withdrawn is what the chain shows the stores' withdrawals paid. */
export function withdrawnMatchesChain(f: CampaignFacts): CheckResult {
  const findings: string[] = []
  for (const b of f.snapshot.balances) {
    const destinations = new Set(f.withdrawals.filter((w) => w.store === b.store).map((w) => w.to))
    const paid = f.chain.filter((t) => t.mined && !t.reverted && destinations.has(t.toAddress)).reduce((s, t) => s + t.amount, 0n)
    if (paid !== b.totalWithdrawn) findings.push(`${b.store} ${b.currency}: total_withdrawn ${b.totalWithdrawn}, the chain paid ${paid}`)
  }
  return { name: 'withdrawn-matches-chain', title: 'total_withdrawn equals what the chain paid out', findings }
}

export function doctorClean(f: CampaignFacts): CheckResult {
  const findings = [...f.doctor.findings]
  if (f.doctor.exitCode !== 0 || !f.doctor.ok) findings.unshift(`kassa doctor --json exited ${f.doctor.exitCode} (ok: ${f.doctor.ok})`)
  return { name: 'doctor', title: 'kassa doctor exits 0 with no findings', findings }
}

/** A kill may cut a request off; it must never make the server answer an error of its own (5xx). */
export function noServerErrors(f: CampaignFacts): CheckResult {
  const findings = [...f.refusals].filter(([status]) => status >= 500).map(([status, n]) => `${n} answer(s) HTTP ${status}`)
  return { name: 'no-server-errors', title: 'no 5xx answer during the load', findings }
}

export const CAMPAIGN_CHECKS = [
  createsKept,
  onePaymentPerOrder,
  idempotentReplays,
  finalEventsDelivered,
  feedEventsDelivered,
  deliveriesSigned,
  eventsInOrder,
  creditedOnce,
  transfersAccounted,
  payoutsKept,
  payoutsSentOnce,
  withdrawnMatchesChain,
  doctorClean,
  noServerErrors,
] as const

export function runChecks(f: CampaignFacts): CheckResult[] {
  return CAMPAIGN_CHECKS.map((check) => check(f))
}
