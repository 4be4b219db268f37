import type { ChainBlock } from './adapter.js'

/**
 * Blocks read ahead while a watcher catches up: asking for block h also starts the next few
 * below the tip, so the node's time and Kassa's overlap instead of adding up. A failure drops
 * everything read ahead (the next pass starts clean); a new tip too (`reset`).
 */
export class BlockPrefetcher {
  readonly #fetch: (height: number) => Promise<ChainBlock | null>
  readonly #ahead: number
  #pending = new Map<number, Promise<ChainBlock | null>>()
  #tip = -1

  constructor(fetch: (height: number) => Promise<ChainBlock | null>, ahead: number) {
    this.#fetch = fetch
    this.#ahead = ahead
  }

  /** The tip of this pass: what was read ahead for another is dropped. */
  reset(tip: number): void {
    this.#pending = new Map()
    this.#tip = tip
  }

  async get(height: number): Promise<ChainBlock | null> {
    if (height > this.#tip) return this.#fetch(height)
    for (let h = height; h <= Math.min(this.#tip, height + this.#ahead - 1); h++) {
      if (this.#pending.has(h)) continue
      const p = this.#fetch(h)
      p.catch(() => undefined) // awaited by get(h) if it is ever asked; never an unhandled rejection
      this.#pending.set(h, p)
    }
    const p = this.#pending.get(height)!
    this.#pending.delete(height)
    try {
      return await p
    } catch (err) {
      this.#pending = new Map()
      throw err
    }
  }
}
