import type { Repositories } from '../db/repositories/repositories.js'
import { deleteInBatches } from './batched-deletes.js'

/** Signatures deleted per statement by the purge: a few milliseconds of SQLite (docs/PERFORMANCE.md). */
const PURGE_BATCH = 2_000

/** One use of a signature: what the guard records (the signature in lower case). */
export interface SignatureUse {
  storeId: string
  signature: string
  /** When the signature can no longer pass the timestamp check on any instance (epoch ms). */
  expiresAt: number
}

/** The use of `signatureHex` by the store; upper- and lower-case hex are one signature. */
export function signatureUse(storeId: string, signatureHex: string, expiresAt: number): SignatureUse {
  return { storeId, signature: signatureHex.toLowerCase(), expiresAt }
}

/**
 * Records the use inside a unit of work that is already open: true the first time, false on a
 * replay. For a handler that writes anyway (a payment create): one transaction instead of two.
 */
export function recordSignatureUse(tx: Repositories, use: SignatureUse): Promise<boolean> {
  return tx.seenSignatures.remember(use.storeId, use.signature, use.expiresAt)
}

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

  /** True the first time the signature is seen, false on a replay; the row is kept until `expiresAt`. */
  firstUse(use: SignatureUse): Promise<boolean> {
    return this.#repos.write((tx) => recordSignatureUse(tx, use))
  }

  /**
   * Forgets signatures that can no longer pass the timestamp check (a periodic task); returns
   * how many. Store by store, `batchSize` rows a statement with a turn of the event loop
   * between them (batched-deletes.ts): a minute of creates at a few thousand a second is a few
   * hundred thousand rows.
   */
  async purgeExpired(batchSize = PURGE_BATCH): Promise<number> {
    const now = this.#now()
    const repo = this.#repos.seenSignatures
    let total = 0
    for (const storeId of await repo.storeIds()) {
      total += await deleteInBatches((limit) => repo.purgeExpiredBatch(storeId, now, limit), batchSize)
    }
    return total
  }
}
