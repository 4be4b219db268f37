import { SwapRequestInvalidError } from '../../errors/index.js'
import { MIXER_LIMITS } from './swap-rules.js'

/**
 * The seed's field formats, each parsed to an exact integer (hundredths of a percent, whole
 * minutes) so that no rule is checked on a float. Values arrive as JSON strings or as the
 * exact text of JSON numbers (src/http/plugins/swap-scope.ts), so both are accepted.
 *
 * As strict as the Merchant API (issue 16): the text is taken exactly as sent, so " 1" or
 * "1\n" is refused rather than trimmed, and null is not a stand-in for "absent".
 */

const HUNDREDTHS = /^(\d{1,3})(?:\.(\d{1,2}))?$/

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** "84.93" → 8493. Up to 2 decimals (seed: "10", "10.5", "10.50"). */
export function parseHundredths(field: string, value: unknown): number {
  const t = text(value)
  const m = t === undefined ? null : HUNDREDTHS.exec(t)
  if (!m) throw new SwapRequestInvalidError(`${field} must be a number with at most 2 decimals, e.g. 10.50.`)
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** 8493 → "84.93" (always two decimals, as the seed's strings show them). */
export function formatHundredths(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`
}

/** A percent share of one output: 1.00 … 100.00, at most 2 decimals. */
export function parsePercent(field: string, value: unknown): number {
  const h = parseHundredths(field, value)
  if (h < 100 || h > 10_000) throw new SwapRequestInvalidError(`${field} must be from 1.00 to 100.00.`)
  return h
}

/** The split service fee override: 0.10 … 5.00 %, at most 2 decimals. */
export function parseServiceFee(value: unknown): number {
  const h = parseHundredths('service_fee', value)
  if (h < MIXER_LIMITS.minServiceFeeHundredths || h > MIXER_LIMITS.maxServiceFeeHundredths) {
    throw new SwapRequestInvalidError('service_fee must be from 0.10 to 5.00 (%).')
  }
  return h
}

// Spaces only between the parts ("2h 0m", "2h0m"): no tabs or line breaks.
const LABEL = /^(?:(\d{1,2}) ?h)? ?(?:(\d{1,4}) ?m)?$/i

/** A delay in minutes (120, "120") or as a label ("2h 0m", "2h", "45m"); at most 48 h. Absent: 0. */
export function parseDelay(field: string, value: unknown): number {
  if (value === undefined) return 0
  const t = text(value)
  let minutes: number | undefined
  if (t !== undefined && /^\d{1,6}$/.test(t)) minutes = Number(t)
  else if (t !== undefined && /\d/.test(t)) {
    const m = LABEL.exec(t)
    if (m) minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)
  }
  if (minutes === undefined) throw new SwapRequestInvalidError(`${field} must be minutes (e.g. 120) or a label such as "2h 0m".`)
  if (minutes > MIXER_LIMITS.maxDelayMinutes) throw new SwapRequestInvalidError(`${field} must be at most 48h (2880 minutes).`)
  return minutes
}

/** 120 → "2h 0m", as the seed labels delays. */
export function delayLabel(minutes: number): string {
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}
