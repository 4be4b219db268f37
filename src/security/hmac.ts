import { createHmac, timingSafeEqual } from 'node:crypto'

export function hmacSha256Hex(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex')
}

/** Compares two hex signatures in constant time; a length mismatch is simply false. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  const a = Buffer.from(expectedHex, 'utf8')
  const b = Buffer.from(givenHex.toLowerCase(), 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
