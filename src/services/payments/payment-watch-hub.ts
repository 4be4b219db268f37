import type { Payment } from '../../domain/payments/payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

type Listener = (p: Payment) => void

/**
 * Live status for open payment pages. One timer for all of them, one query per tick for every
 * watched payment, and a listener called only when something a buyer sees changed. Reading the
 * database (not an in-process event) means a page served by one instance sees a transfer that
 * another instance's watcher recorded. The tick is what bounds "transfer seen → page shows
 * it": 250 ms by default, well inside the 1 s target (docs/PERFORMANCE.md).
 */
export class PaymentWatchHub {
  readonly #deps: PaymentEngineDeps
  readonly #intervalMs: number
  readonly #listeners = new Map<string, Set<Listener>>()
  readonly #seen = new Map<string, string>()
  #timer: NodeJS.Timeout | undefined
  #running = false

  constructor(deps: PaymentEngineDeps, intervalMs = 250) {
    this.#deps = deps
    this.#intervalMs = intervalMs
  }

  /** Calls `listener` on each visible change of the payment; returns the unsubscribe. */
  subscribe(payment: Payment, listener: Listener): () => void {
    let set = this.#listeners.get(payment.id)
    if (!set) {
      set = new Set()
      this.#listeners.set(payment.id, set)
      this.#seen.set(payment.id, fingerprint(payment))
    }
    set.add(listener)
    this.#timer ??= setInterval(() => void this.#tick(), this.#intervalMs).unref()
    return () => {
      set.delete(listener)
      if (set.size === 0) {
        this.#listeners.delete(payment.id)
        this.#seen.delete(payment.id)
      }
      if (this.#listeners.size === 0 && this.#timer) {
        clearInterval(this.#timer)
        this.#timer = undefined
      }
    }
  }

  get watching(): number {
    return this.#listeners.size
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    this.#listeners.clear()
  }

  async #tick(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      const ids = [...this.#listeners.keys()]
      for (let i = 0; i < ids.length; i += 500) {
        const payments = await this.#deps.repos.payments.byIds(ids.slice(i, i + 500))
        for (const p of payments) {
          const fp = fingerprint(p)
          if (this.#seen.get(p.id) === fp) continue
          this.#seen.set(p.id, fp)
          for (const l of this.#listeners.get(p.id) ?? []) l(p)
        }
      }
    } catch {
      // A failed tick (database briefly away) is retried by the next one; pages keep waiting.
    } finally {
      this.#running = false
    }
  }
}

/** What a buyer sees change; `join` writes null as '' and bigints as their digits. */
function fingerprint(p: Payment): string {
  return [p.status, p.amountReceived, p.confirmations, p.txHash, p.amountWithCents, p.expiresAt].join('|')
}
