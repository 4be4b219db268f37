/**
 * Sign-in throttling as pure arithmetic over a counter (OWASP's authentication cheat sheet:
 * lock by account and by source, with growing delays, rather than locking an account for good,
 * which would hand anyone a way to lock its owner out). Each key counts failures inside a
 * window; from the limit on, every further failure locks the key for twice as long as the
 * last, up to an hour. A success clears the email's counter, not the address's.
 */
export interface ThrottleCounter {
  key: string
  failures: number
  windowStart: number
  lockedUntil: number
}

export interface ThrottleRule {
  /** Failures allowed in the window before locking. */
  limit: number
  windowMs: number
}

export const EMAIL_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000 }
/** Wider for an address: several people may sit behind one NAT. */
export const IP_RULE: ThrottleRule = { limit: 30, windowMs: 15 * 60_000 }
const FIRST_LOCK_MS = 60_000
const MAX_LOCK_MS = 60 * 60_000

/** Milliseconds this key must still wait, 0 when it may try. */
export function lockRemaining(counter: ThrottleCounter | undefined, now: number): number {
  return counter && counter.lockedUntil > now ? counter.lockedUntil - now : 0
}

/** The counter after one more failure at `now`. */
export function recordFailure(key: string, counter: ThrottleCounter | undefined, rule: ThrottleRule, now: number): ThrottleCounter {
  const fresh = !counter || now - counter.windowStart > rule.windowMs
  const failures = fresh ? 1 : counter.failures + 1
  const windowStart = fresh ? now : counter.windowStart
  const over = failures - rule.limit
  const lock = over < 0 ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(over, 10))
  return { key, failures, windowStart, lockedUntil: lock > 0 ? now + lock : 0 }
}
