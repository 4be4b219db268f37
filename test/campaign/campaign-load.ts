import { randomUUID } from 'node:crypto'
import { parseAmount, formatAmount } from '../../src/money/index.js'
import { runCli } from '../samples/server-process.js'
import { merchantRequest, operatorRequest, pageSimulate } from './campaign-http.js'
import type { HttpOutcome } from './campaign-http.js'
import type { CampaignServer } from './campaign-server.js'
import type { SeededRandom } from './seeded-random.js'

/** A store the campaign drives: its keys, its one currency, and how to make its amounts and addresses. */
export interface CampaignStore {
  name: string
  storeId: string
  apiKey: string
  apiSecret: string
  webhookSecret: string
  currency: 'ETH' | 'USDT_TRC20'
  decimals: number
  /** Base amounts of its payments (decimal text); few, so unique-amount slots are contended. */
  amounts: readonly string[]
  withdrawAmount: string
  /** A fresh destination address on its simulated network, from 20 random bytes. */
  address(bytes20: Uint8Array): string
}

/** answered: 2xx; refused: another status; down: nothing listened; no-answer: cut off mid-flight. */
export type Outcome = 'answered' | 'refused' | 'down' | 'no-answer'

export interface CreateRecord {
  store: string
  orderId: string
  body: { amount: string; order_id: string }
  idempotencyKey: string | undefined
  /** Requests sent for it: more than one when a keyed create was retried after no answer. */
  tries: number
  outcome: Outcome
  httpStatus: number | undefined
  paymentId: string | undefined
  status: string | undefined
  /** What to pay (amount_with_cents or the amount) as the create answered it. */
  amount: string | undefined
}

export interface PayRecord {
  store: string
  paymentId: string
  via: 'cli' | 'page'
  share: 'rest' | 'half' | 'more'
  outcome: Outcome
  detail: string
}

export interface WithdrawalRecord {
  store: string
  to: string
  amount: string
  outcome: Outcome
  httpStatus: number | undefined
  payoutId: string | undefined
}

export interface LoadRecords {
  creates: CreateRecord[]
  pays: PayRecord[]
  withdrawals: WithdrawalRecord[]
  /** Every non-2xx answer of the load, by status. */
  refusals: Map<number, number>
  /** The same, by what was asked: 'create 400', 'pay 400', 'withdrawal 400'… */
  refusalsByKind: Map<string, number>
  /** Requests sent and cut off (connection broken mid-flight), by kind. */
  cut: { creates: number; pays: number; withdrawals: number }
}

export interface LoadOptions {
  server: CampaignServer
  stores: readonly CampaignStore[]
  operatorToken: string
  /** Creating workers running at once. */
  concurrency: number
  /** Creates per second over all workers (each worker paces itself). */
  createRate: number
  payIntervalMs: number
  withdrawIntervalMs: number
  random: SeededRandom
}

/**
 * The campaign's traffic, until stop() is called: signed creates (some with an Idempotency-Key,
 * retried with it after no answer, as a client of that header should), simulated transfers to
 * some payments (the operator's `kassa simulate pay`, or the payment page's test button), and
 * withdrawals through the operator API. It keeps going while the server is down: a refused
 * connection is counted and tried again later, as a real client would.
 */
export class CampaignLoad {
  readonly records: LoadRecords = {
    creates: [],
    pays: [],
    withdrawals: [],
    refusals: new Map(),
    refusalsByKind: new Map(),
    cut: { creates: 0, pays: 0, withdrawals: 0 },
  }
  readonly #o: LoadOptions
  #stopped = false
  #workers: Promise<void>[] = []
  /** Answered creates still pending and not paid yet, for the payer. */
  readonly #payable: CreateRecord[] = []
  #seq = 0

  constructor(options: LoadOptions) {
    this.#o = options
  }

  start(): void {
    for (let i = 0; i < this.#o.concurrency; i++) this.#workers.push(this.#creator())
    this.#workers.push(this.#payer(), this.#withdrawer())
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await Promise.all(this.#workers)
  }

  #refused(kind: 'create' | 'pay' | 'withdrawal', status: number): void {
    this.records.refusals.set(status, (this.records.refusals.get(status) ?? 0) + 1)
    const key = `${kind} ${status}`
    this.records.refusalsByKind.set(key, (this.records.refusalsByKind.get(key) ?? 0) + 1)
  }

  async #pause(ms: number): Promise<void> {
    const until = Date.now() + ms
    while (!this.#stopped && Date.now() < until) await sleep(Math.min(100, until - Date.now()))
  }

  async #creator(): Promise<void> {
    const r = this.#o.random
    const interval = (this.#o.concurrency * 1000) / this.#o.createRate
    while (!this.#stopped) {
      const began = Date.now()
      const store = r.pick(this.#o.stores)
      const orderId = `CRASH-${++this.#seq}-${randomUUID().slice(0, 8)}`
      const rec: CreateRecord = {
        store: store.name,
        orderId,
        body: { amount: r.pick(store.amounts), order_id: orderId },
        idempotencyKey: r.chance(0.3) ? randomUUID() : undefined,
        tries: 0,
        outcome: 'no-answer',
        httpStatus: undefined,
        paymentId: undefined,
        status: undefined,
        amount: undefined,
      }
      this.records.creates.push(rec)
      await this.#create(store, rec)
      await this.#pause(interval - (Date.now() - began))
    }
  }

  /** One logical create; a keyed one is sent again after no answer (≤ 40 times, 250 ms apart). */
  async #create(store: CampaignStore, rec: CreateRecord): Promise<void> {
    const headers: Record<string, string> = rec.idempotencyKey ? { 'Idempotency-Key': rec.idempotencyKey } : {}
    for (;;) {
      rec.tries++
      const o = await merchantRequest(this.#o.server.baseUrl, store, 'POST', '/api/v1/payment/create', rec.body, headers)
      if (o.kind === 'answer') {
        rec.httpStatus = o.status
        if (o.status >= 200 && o.status < 300 && o.json?.success === true) {
          rec.outcome = 'answered'
          rec.paymentId = o.json.data.payment_id
          rec.status = o.json.data.status
          rec.amount = o.json.data.amount
          if (rec.status === 'pending') this.#payable.push(rec)
        } else {
          rec.outcome = 'refused'
          this.#refused('create', o.status)
        }
        return
      }
      if (o.kind === 'cut') this.records.cut.creates++
      rec.outcome = o.kind === 'refused' ? 'down' : 'no-answer'
      // Refused: nothing was sent, so even an unkeyed create may be tried again.
      const retry = o.kind === 'refused' || rec.idempotencyKey !== undefined
      if (!retry || rec.tries >= 40 || this.#stopped) return
      await sleep(250)
    }
  }

  async #payer(): Promise<void> {
    const r = this.#o.random
    while (!this.#stopped) {
      await this.#pause(this.#o.payIntervalMs)
      if (this.#payable.length === 0 || this.#stopped) continue
      // One of the newest: an old one has likely expired by now (expiry is 1 minute).
      const rec = this.#payable.splice(r.int(Math.max(0, this.#payable.length - 10), this.#payable.length - 1), 1)[0]!
      // About a quarter are never paid: they expire (or stay queued) and send payment.expired.
      if (r.chance(0.25)) continue
      const store = this.#o.stores.find((s) => s.name === rec.store)!
      const share = r.weighted<'rest' | 'half' | 'more'>([
        ['rest', 70],
        ['half', 15],
        ['more', 15],
      ])
      // Mostly the page's button (one request); the CLI costs a process start each time.
      const via = r.chance(0.3) ? 'cli' : 'page'
      const pay: PayRecord = { store: store.name, paymentId: rec.paymentId!, via, share, outcome: 'no-answer', detail: '' }
      this.records.pays.push(pay)
      if (via === 'cli') {
        // The operator's command writes the transfer to the simulated chain in the database
        // itself, so it works while the server is down too.
        const amount = shareOf(rec.amount!, store.decimals, share)
        const res = await runCli(['simulate', 'pay', pay.paymentId, '--amount', amount], this.#o.server.env)
        pay.outcome = res.code === 0 ? 'answered' : 'refused'
        pay.detail = res.code === 0 ? amount : res.stderr.trim()
        if (res.code !== 0) {
          // Counted apart from the HTTP statuses: why the command refused, in its own words.
          const key = `kassa simulate pay: ${pay.detail.split('\n')[0]!.slice(0, 80)}`
          this.records.refusalsByKind.set(key, (this.records.refusalsByKind.get(key) ?? 0) + 1)
        }
      } else {
        const o = await pageSimulate(this.#o.server.baseUrl, pay.paymentId, share)
        this.#note(o, pay, 'pays')
      }
    }
  }

  async #withdrawer(): Promise<void> {
    const r = this.#o.random
    while (!this.#stopped) {
      await this.#pause(this.#o.withdrawIntervalMs)
      if (this.#stopped) break
      const store = r.pick(this.#o.stores)
      const bytes = new Uint8Array(20).map(() => r.int(0, 255))
      const w: WithdrawalRecord = {
        store: store.name,
        to: store.address(bytes),
        amount: store.withdrawAmount,
        outcome: 'no-answer',
        httpStatus: undefined,
        payoutId: undefined,
      }
      this.records.withdrawals.push(w)
      // Not retried after no answer: the route takes no idempotency key, so a retry could be a
      // second withdrawal by the client's own doing.
      const o = await operatorRequest(this.#o.server.baseUrl, this.#o.operatorToken, 'POST', `/stores/${store.storeId}/withdrawals`, {
        currency: store.currency,
        amount: w.amount,
        to: w.to,
      })
      if (o.kind === 'answer') w.httpStatus = o.status
      if (this.#note(o, w, 'withdrawals')) w.payoutId = o.kind === 'answer' ? o.json.data.payout_id : undefined
    }
  }

  /** Records an outcome; true when it was a 2xx. */
  #note(o: HttpOutcome, rec: { outcome: Outcome; detail?: string }, kind: 'pays' | 'withdrawals'): boolean {
    if (o.kind === 'cut') this.records.cut[kind]++
    if (o.kind !== 'answer') {
      rec.outcome = o.kind === 'refused' ? 'down' : 'no-answer'
      return false
    }
    const ok = o.status >= 200 && o.status < 300
    rec.outcome = ok ? 'answered' : 'refused'
    if ('detail' in rec) rec.detail = ok ? '' : `HTTP ${o.status} ${o.text.slice(0, 200)}`
    if (!ok) this.#refused(kind === 'pays' ? 'pay' : 'withdrawal', o.status)
    return ok
  }
}

/** The amount a share of `amount` is, as decimal text: all of it, half, or 10 % more. */
export function shareOf(amount: string, decimals: number, share: 'rest' | 'half' | 'more'): string {
  const parsed = parseAmount(amount, decimals)
  if (!parsed.ok) throw new Error(`not an amount: ${amount}`)
  const a = parsed.atomic
  const atomic = share === 'half' ? a / 2n : share === 'more' ? a + a / 10n : a
  return formatAmount(atomic, decimals)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)))
}
