import type { HDKey } from '@scure/bip32'

/** Derived addresses kept per account; past this the cache starts over (a long catch-up derives many). */
const CACHED_ADDRESSES = 10_000

/**
 * The account key behind a real network's deposit addresses (`m/purpose'/coin'/0'`, receive
 * chain `/0/i`): an xpub derives addresses only, a mnemonic can also sign (sweeps). Each family
 * says how a public key becomes its address (`addressOf`) and which error names a bad key; the
 * derivation, its bounds and the cache of derived addresses are the same for all.
 */
export class HdDepositAccount<A> {
  readonly #account: HDKey
  readonly #addressOf: (publicKey: Uint8Array) => A
  readonly #keyError: new (
    message: string,
  ) => Error
  readonly #cache = new Map<number, A>()

  constructor(account: HDKey, addressOf: (publicKey: Uint8Array) => A, keyError: new (message: string) => Error) {
    this.#account = account
    this.#addressOf = addressOf
    this.#keyError = keyError
  }

  get canSign(): boolean {
    return this.#account.privateKey !== null
  }

  address(index: number): A {
    let a = this.#cache.get(index)
    if (a === undefined) {
      a = this.#addressOf(this.#child(index).publicKey!)
      if (this.#cache.size > CACHED_ADDRESSES) this.#cache.clear()
      this.#cache.set(index, a)
    }
    return a
  }

  /** The 32-byte private key of deposit address `index`; only with a mnemonic. */
  privateKey(index: number): Uint8Array {
    const key = this.#child(index).privateKey
    if (!key)
      throw new this.#keyError('deposit keys come from an xpub: they can derive addresses but not sign (configure a mnemonic to sweep)')
    return Uint8Array.from(key)
  }

  #child(index: number): HDKey {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** 31) throw new this.#keyError(`derivation index out of range: ${index}`)
    return this.#account.deriveChild(0).deriveChild(index)
  }
}
