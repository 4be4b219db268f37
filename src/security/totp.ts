import { Secret, TOTP } from 'otpauth'

/**
 * Two-factor codes (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app
 * expects). Verification returns the time step the code belongs to, so the caller can store
 * it and refuse the same code, or an older one, a second time.
 */
const PERIOD_SECONDS = 30

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totp(secretBase32: string, label = 'Kassa'): TOTP {
  return new TOTP({ issuer: 'Kassa', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) })
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString()
}

/**
 * The time step of `code` if it is valid now or one step either side (clock drift), and newer
 * than `lastStep`; null otherwise.
 */
export function verifyTotp(secretBase32: string, code: string, nowMs: number, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const delta = totp(secretBase32).validate({ token: code, timestamp: nowMs, window: 1 })
  if (delta === null) return null
  const step = Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta
  return lastStep !== null && step <= lastStep ? null : step
}

/** The current code: tests and the CLI's set-up check use it. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totp(secretBase32).generate({ timestamp: nowMs })
}
