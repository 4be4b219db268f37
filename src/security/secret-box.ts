import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Seals store secrets (API secret, webhook secret) with AES-256-GCM under the master key, so a
 * copied database file alone does not let anyone sign requests as a store. Format:
 * `v1.<base64 iv>.<base64 tag>.<base64 ciphertext>`; the version leaves room for key rotation.
 */
export class SecretBox {
  readonly #key: Buffer
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key')
    this.#key = key
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.')
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.')
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('sealed secret has an unknown format')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'))
    decipher.setAuthTag(Buffer.from(tag, 'base64'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')
  }
}
