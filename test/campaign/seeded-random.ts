import { createHash } from 'node:crypto'

/**
 * A small seeded PRNG (mulberry32) so that a campaign can be run again with the same kill
 * moments and the same load choices. Each part of the campaign draws from its own stream,
 * derived from the seed and a label, so that adding a draw to the load does not move the kills.
 * The seed fixes the choices, not the timing of real processes: two runs of one seed kill at the
 * same moments after each start, but what is in flight at that moment differs.
 */
export class SeededRandom {
  #state: number

  constructor(seed: string, label: string) {
    this.#state = createHash('sha256').update(`${seed}\u0000${label}`).digest().readUInt32LE(0)
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** A choice by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [value, w] of choices) {
      r -= w
      if (r < 0) return value
    }
    return choices.at(-1)![0]
  }
}
