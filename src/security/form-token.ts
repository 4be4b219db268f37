import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * One-use tokens for a confirmation step (the withdrawal's): the token names a random nonce and
 * an expiry and is MAC'd together with the session binding and the exact values confirmed, so
 * the final POST can only do what the person saw, in the session that saw it, within the time.
 * Spending it once is the database's job (form_tokens, in the transaction that acts on it):
 * this class only tells a token it issued from one it did not.
 */
export class FormTokenSigner {
  readonly #key: Buffer

  /** `purpose` separates keys: a token issued for one form is worthless for another. */
  constructor(baseKey: Buffer, purpose: string) {
    this.#key = Buffer.from(hkdfSync('sha256', baseKey, Buffer.alloc(0), `kassa form token v1 ${purpose}`, 32))
  }

  /** A token for `values`, good until `expiresAt` (epoch ms). */
  issue(binding: string, values: readonly string[], expiresAt: number): string {
    const nonce = randomBytes(18).toString('base64url')
    return `${nonce}.${expiresAt}.${this.#mac(nonce, expiresAt, binding, values)}`
  }

  /**
   * The token's nonce (what is spent) when it was issued by this key for this binding and these
   * values and has not expired; 'expired' when only the time is wrong; null otherwise.
   */
  open(token: string, binding: string, values: readonly string[], now: number): string | 'expired' | null {
    const m = /^([A-Za-z0-9_-]{24})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token)
    if (!m) return null
    const [, nonce = '', expiry = '', mac = ''] = m
    const want = Buffer.from(this.#mac(nonce, Number(expiry), binding, values))
    if (!timingSafeEqual(want, Buffer.from(mac))) return null
    return Number(expiry) <= now ? 'expired' : nonce
  }

  #mac(nonce: string, expiresAt: number, binding: string, values: readonly string[]): string {
    // JSON keeps the fields apart: no value can end in a separator that shifts the next one.
    return createHmac('sha256', this.#key)
      .update(JSON.stringify([nonce, expiresAt, binding, values]))
      .digest('base64url')
  }
}
