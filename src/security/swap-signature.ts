import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const BEGIN = '-----BEGIN DIGITAL SIGNATURE-----'
const END = '-----END DIGITAL SIGNATURE-----'
const IV_BYTES = 12
const TAG_BYTES = 16

export type OpenSignatureResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'EMPTY' | 'NOT_BASE64' | 'DECRYPTION_FAILED' | 'NOT_JSON' }

/**
 * `signature_text` of the Swap API: the order as JSON, sealed with AES-256-GCM (so it can be
 * neither read nor forged without the key), base64 of iv ‖ ciphertext ‖ tag, in BEGIN/END
 * DIGITAL SIGNATURE armour with 64-character lines. The key is KASSA_SWAP_SIGNATURE_KEY, or
 * derived from the master key with HKDF when that is unset, so it never equals the key that
 * seals store secrets.
 */
export class SwapSignature {
  readonly #key: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the signature key must be 32 bytes')
    this.#key = key
  }

  static fromConfig(configured: string | undefined, masterKey: Buffer): SwapSignature {
    if (configured !== undefined) {
      const key = Buffer.from(configured, 'base64')
      if (key.length !== 32) throw new Error('KASSA_SWAP_SIGNATURE_KEY must be base64 of 32 bytes')
      return new SwapSignature(key)
    }
    return new SwapSignature(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'kassa swap signature v1', 32)))
  }

  seal(payload: Record<string, unknown>): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()])
    const b64 = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')
    return [BEGIN, ...(b64.match(/.{1,64}/g) ?? []), END].join('\n')
  }

  /** Accepts the armoured block or the bare base64, with any line breaks and spaces. */
  open(signature: string): OpenSignatureResult {
    const b64 = signature.replace(BEGIN, '').replace(END, '').replace(/\s+/g, '')
    if (b64 === '') return { ok: false, reason: 'EMPTY' }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return { ok: false, reason: 'NOT_BASE64' }
    const raw = Buffer.from(b64, 'base64')
    if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'NOT_BASE64' }
    let text: string
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES))
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
      text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      return { ok: false, reason: 'DECRYPTION_FAILED' }
    }
    try {
      const payload: unknown = JSON.parse(text)
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, reason: 'NOT_JSON' }
      return { ok: true, payload: payload as Record<string, unknown> }
    } catch {
      return { ok: false, reason: 'NOT_JSON' }
    }
  }
}
