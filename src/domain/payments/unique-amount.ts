/**
 * Unique amounts: many payments share one store address, so each gets the base amount plus a
 * whole number of steps (k × 0.01 USDT, k = 1…slots) that no other open payment to that
 * address holds; an incoming transfer is then matched by its exact amount. Candidates are the
 * final amounts, not the offsets, because 100.00 + 0.14 and 100.13 + 0.01 are the same
 * transfer on chain. Ascending.
 */
export function uniqueAmountCandidates(base: bigint, step: bigint, slots: number): bigint[] {
  const out: bigint[] = []
  let amount = base
  for (let k = 1; k <= slots; k++) out.push((amount += step))
  return out
}

/** The first candidate nobody holds, or null when all are taken (the payment is `queued`). */
export function pickFreeAmount(candidates: readonly bigint[], held: ReadonlySet<bigint>): bigint | null {
  for (const c of candidates) if (!held.has(c)) return c
  return null
}
