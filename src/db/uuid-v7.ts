import { pooledRandomBytes } from '../security/random-pool.js'

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later, so primary-key inserts land at the end of the B-tree instead of on a random page
 * (a random v4 key dirtied a different index page per payment; docs/PERFORMANCE.md). The time
 * of creation it reveals is the payment's `created_at`, which the API shows anyway.
 */
export function uuidV7(now: number = Date.now()): string {
  // A view into the pool, not a copy: written over and encoded at once.
  const b = pooledRandomBytes(16)
  b.writeUIntBE(now, 0, 6)
  b[6] = 0x70 | ((b[6] as number) & 0x0f)
  b[8] = 0x80 | ((b[8] as number) & 0x3f)
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
