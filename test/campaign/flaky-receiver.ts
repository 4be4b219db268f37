import { startWebhookReceiver } from '../support/webhook-receiver.js'
import type { Answer, WebhookReceiver } from '../support/webhook-receiver.js'
import { SeededRandom } from './seeded-random.js'

/** One request as the receiver saw it and what it answered. */
export interface Delivery {
  eventId: string
  event: string
  paymentId: string
  /** The payment status the body carries. */
  status: string
  /** Receiver clock (ms) when the body had arrived; a 200 is answered at once. */
  at: number
  answer: number | 'hang'
  timestamp: string
  signature: string
  body: string
}

/**
 * A merchant's webhook receiver on 127.0.0.1 that fails a share of deliveries, then recovers:
 * each event is refused its first 0–3 attempts (a 500, or an answer that never comes so that
 * Kassa's timeout runs out), the number drawn from the seed and the event id, so an event is
 * treated the same way however often it is sent. After heal() every attempt gets a 200.
 */
export class FlakyReceiver {
  readonly deliveries: Delivery[] = []
  #healthy = false
  readonly #attempts = new Map<string, number>()
  readonly #plans = new Map<string, { failures: number; hang: boolean }>()

  private constructor(
    readonly inner: WebhookReceiver,
    readonly seed: string,
  ) {}

  static async start(seed: string): Promise<FlakyReceiver> {
    const inner = await startWebhookReceiver('/hooks/kassa')
    const receiver = new FlakyReceiver(inner, seed)
    inner.answer = (hook) => receiver.#answer(hook.headers, hook.body, hook.at)
    return receiver
  }

  get url(): string {
    return this.inner.url
  }

  /** From now on every delivery is answered 200 at once. */
  heal(): void {
    this.#healthy = true
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  #plan(eventId: string): { failures: number; hang: boolean } {
    let plan = this.#plans.get(eventId)
    if (!plan) {
      const r = new SeededRandom(this.seed, `webhook ${eventId}`)
      plan = {
        failures: r.weighted([
          [0, 50],
          [1, 25],
          [2, 15],
          [3, 10],
        ]),
        hang: r.chance(0.25),
      }
      this.#plans.set(eventId, plan)
    }
    return plan
  }

  #answer(headers: Record<string, string | string[] | undefined>, body: string, at: number): Answer {
    const eventId = String(headers['x-kassa-event-id'] ?? '')
    const attempt = (this.#attempts.get(eventId) ?? 0) + 1
    this.#attempts.set(eventId, attempt)
    const plan = this.#plan(eventId)
    const fail = !this.#healthy && attempt <= plan.failures
    const answer: Answer = fail ? (plan.hang ? 'hang' : { status: 500, body: 'receiver down' }) : { status: 200, body: 'ok' }
    let parsed: { event?: string; payment_id?: string; status?: string } = {}
    try {
      parsed = JSON.parse(body)
    } catch {
      // recorded as it came: the checks report a body that is not JSON
    }
    this.deliveries.push({
      eventId,
      event: String(parsed.event ?? ''),
      paymentId: String(parsed.payment_id ?? ''),
      status: String(parsed.status ?? ''),
      at,
      answer: answer === 'hang' ? 'hang' : answer.status,
      timestamp: String(headers['x-timestamp'] ?? ''),
      signature: String(headers['x-signature'] ?? ''),
      body,
    })
    return answer
  }
}
