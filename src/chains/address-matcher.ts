/**
 * The set of addresses a real-network watcher reports transfers to. A block carries everyone's
 * transfers and only a handful are Kassa's, so each one is checked here, in memory, before any
 * database work. A plain Set of normalised strings: one hash lookup per transfer, about 100
 * bytes per address (measured in bench/evm-matcher.js: 1,000,000 addresses, see
 * docs/PERFORMANCE.md).
 */
export class AddressMatcher {
  readonly #addresses = new Set<string>()
  readonly #normalise: (address: string) => string

  /** `normalise` maps every spelling of one address to one key (EVM: lowercase hex). */
  constructor(normalise: (address: string) => string) {
    this.#normalise = normalise
  }

  add(addresses: Iterable<string>): void {
    for (const a of addresses) this.#addresses.add(this.#normalise(a))
  }

  has(address: string): boolean {
    return this.#addresses.has(this.#normalise(address))
  }

  get size(): number {
    return this.#addresses.size
  }
}
