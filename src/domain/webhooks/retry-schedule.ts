/**
 * When a failed webhook delivery is tried again. The seed promises at most 5 retries; the
 * default spacing (1 min, 5 min, 30 min, 2 h, 6 h) spans about 8.5 hours, long enough to
 * outlast an ordinary outage of the receiver. Tests configure milliseconds.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]

/**
 * The delay before the next attempt after `attemptsMade` attempts have failed, or null when
 * the retries are used up (then the delivery is marked failed).
 */
export function retryDelay(attemptsMade: number, delaysMs: readonly number[]): number | null {
  return attemptsMade >= 1 && attemptsMade <= delaysMs.length ? delaysMs[attemptsMade - 1]! : null
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parses "1m,5m,30m,2h,6h" (units ms, s, m, h; a bare number is milliseconds). */
export function parseDelays(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim())
  if (parts.length === 0 || parts.length > 20) throw new Error('must list 1 to 20 delays')
  return parts.map((p) => {
    const m = /^(\d{1,9})(ms|s|m|h)?$/.exec(p)
    if (!m) throw new Error(`"${p}" is not a delay like 500ms, 30s, 5m or 2h`)
    return Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!
  })
}
