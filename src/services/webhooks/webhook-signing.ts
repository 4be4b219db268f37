import type { SealedWebhookSecrets } from '../../domain/webhooks/webhook-endpoint.js'
import { hmacSha256Hex } from '../../security/hmac.js'
import type { SecretBox } from '../../security/secret-box.js'

export interface DeliveryIdentity {
  eventId: string
  deliveryId: string
  eventName: string
}

/**
 * The headers of one webhook attempt. X-Timestamp is the time of this attempt, so a receiver
 * can refuse old captures (verifyWebhook's tolerance) while retries hours later still pass;
 * the body is the stored text, byte for byte the same in every attempt.
 */
export class WebhookSigner {
  readonly #box: SecretBox
  /** Plaintext by sealed text: sealed text changes on rotation, so an entry is never stale. */
  readonly #opened = new Map<string, string>()

  constructor(box: SecretBox) {
    this.#box = box
  }

  headers(secrets: SealedWebhookSecrets, body: string, nowMs: number, id: DeliveryIdentity): Record<string, string> {
    const timestamp = String(Math.floor(nowMs / 1000))
    const headers: Record<string, string> = {
      'x-timestamp': timestamp,
      'x-signature': hmacSha256Hex(this.#open(secrets.current), timestamp + body),
      'x-kassa-event-id': id.eventId,
      'x-kassa-delivery': id.deliveryId,
      'x-kassa-event': id.eventName,
    }
    const prev = secrets.previous
    if (prev !== null && (secrets.previousExpiresAt ?? 0) > nowMs) {
      // Rotation grace: a receiver still holding the old secret can verify this header.
      headers['x-signature-previous'] = hmacSha256Hex(this.#open(prev), timestamp + body)
    }
    return headers
  }

  #open(sealed: string): string {
    let plain = this.#opened.get(sealed)
    if (plain === undefined) {
      plain = this.#box.open(sealed)
      if (this.#opened.size >= 10_000) this.#opened.clear()
      this.#opened.set(sealed, plain)
    }
    return plain
  }
}
