import { randomFillSync } from 'node:crypto'

/**
 * Random bytes drawn 256 ids at a time: one `randomBytes(16)` call costs about as much as
 * 4 KiB from the same generator (measured: 1.7 µs against 2.1 µs), which is also why Node's
 * own randomUUID keeps such a pool.
 */
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later, so primary-key inserts land at the end of the B-tree instead of on a random page
 * (a random v4 key dirtied a different index page per payment; docs/PERFORMANCE.md). The time
 * of creation it reveals is the payment's `created_at`, which the API shows anyway.
 */
export function uuidV7(now: number = Date.now()): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  // A view, not a copy: these 16 bytes are used once and overwritten by the next refill.
  const b = pool.subarray(poolOffset, poolOffset + 16)
  poolOffset += 16
  b.writeUIntBE(now, 0, 6)
  b[6] = 0x70 | ((b[6] as number) & 0x0f)
  b[8] = 0x80 | ((b[8] as number) & 0x3f)
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
