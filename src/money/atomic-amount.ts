/**
 * Exact conversion between decimal text ("100.14") and integer atomic units (100140000n for a
 * 6-decimal token). Money never passes through a JS number: a float cannot hold 0.1 or a wei
 * amount exactly, and a payment matched by its exact amount must compare exactly.
 */

const DECIMAL_TEXT = /^(0|[1-9]\d*)(?:\.(\d+))?$/

export type ParseAmountFailure = 'FORMAT' | 'TOO_MANY_DECIMALS'

export type ParseAmountResult = { ok: true; atomic: bigint } | { ok: false; reason: ParseAmountFailure }

/**
 * Parses a non-negative plain decimal ("12", "12.5", "0.00000001") into atomic units.
 * Signs, exponents, spaces, leading zeros ("007") and a bare "." are refused, so that what a
 * merchant sends is exactly what we store. More fraction digits than `decimals` is refused
 * rather than rounded: rounding someone's money silently is worse than a clear 400.
 */
export function parseAmount(text: string, decimals: number): ParseAmountResult {
  const match = DECIMAL_TEXT.exec(text)
  if (!match) return { ok: false, reason: 'FORMAT' }
  const whole = match[1] as string
  const fraction = match[2] ?? ''
  if (fraction.length > decimals) {
    // Trailing zeros beyond the precision carry no value: "1.500" is fine for 2 decimals.
    if (/[^0]/.test(fraction.slice(decimals))) return { ok: false, reason: 'TOO_MANY_DECIMALS' }
  }
  const padded = (fraction + '0'.repeat(decimals)).slice(0, decimals)
  return { ok: true, atomic: BigInt(whole + padded) }
}

/**
 * Formats atomic units as decimal text with at least `minFractionDigits` fraction digits and
 * no more than needed beyond that, so the result is exact and still reads like the seed's
 * examples ("1250.50" for USDT, "0.05000000" for BTC).
 */
export function formatAmount(atomic: bigint, decimals: number, minFractionDigits = 0): string {
  const negative = atomic < 0n
  const digits = (negative ? -atomic : atomic).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  let fraction = decimals > 0 ? digits.slice(digits.length - decimals) : ''
  const keep = Math.min(minFractionDigits, decimals)
  let end = fraction.length
  while (end > keep && fraction[end - 1] === '0') end--
  fraction = fraction.slice(0, end)
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '')
}

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n)
}

/** Multiplies by a ratio expressed in basis points (1% = 100 bp), rounding down. */
export function applyBasisPoints(atomic: bigint, basisPoints: number): bigint {
  return (atomic * BigInt(basisPoints)) / 10_000n
}
