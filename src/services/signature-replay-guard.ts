import type { Repositories } from '../db/repositories/repositories.js'

/**
 * The Merchant API's replay cache (issue 16, defect 12; docs/API.md "Replays"). The seed's
 * signature covers timestamp, method, path and body, and a timestamp passes for ±300 s: within
 * that window the same signed bytes sent again would pass the check again. Every signature of a
 * request that changes state is recorded here once, in the database that all instances share,
 * so a second use is refused on whichever instance it lands.
 */
export class SignatureReplayGuard {
  readonly #repos: Repositories
  readonly #now: () => number

  constructor(repos: Repositories, now: () => number) {
    this.#repos = repos
    this.#now = now
  }

  /**
   * True the first time the store's signature is seen, false on a replay. `expiresAt` is when
   * the signature can no longer pass the timestamp check on any instance (epoch ms); the row is
   * kept until then.
   */
  firstUse(storeId: string, signatureHex: string, expiresAt: number): Promise<boolean> {
    // The check accepts upper- and lower-case hex; both spellings are one signature.
    const signature = signatureHex.toLowerCase()
    return this.#repos.write((tx) => tx.seenSignatures.remember(storeId, signature, expiresAt))
  }

  /** Forgets signatures that can no longer pass the timestamp check (a periodic task). */
  purgeExpired(): Promise<number> {
    return this.#repos.seenSignatures.purgeExpired(this.#now())
  }
}
