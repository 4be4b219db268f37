/** A clock tests move by hand, so expiry is reached without waiting. */
export class ManualClock {
  #now: number
  constructor(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.#now = start
  }
  readonly now = (): number => this.#now
  advance(ms: number): void {
    this.#now += ms
  }
  set(ms: number): void {
    this.#now = ms
  }
}
