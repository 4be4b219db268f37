/**
 * How much to fuzz. CI runs a fixed seed and a bounded count, so a run is repeatable and
 * stays within its time budget; the long run sets both (docs/RELIABILITY.md, "Fuzz suite").
 *
 * - KASSA_FUZZ_SEED: fast-check's seed (integer). Default 16016, fixed so CI is repeatable.
 * - KASSA_FUZZ_RUNS: requests per route and dialect. Default 10 (about 4,000 requests in all).
 * - KASSA_FUZZ_ROUTES: only routes whose "METHOD /path" contains this text (to chase a finding).
 */
export interface FuzzSettings {
  seed: number
  runsPerRoute: number
  routeFilter: string | undefined
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed = Number(env.KASSA_FUZZ_SEED ?? 16016)
  const runsPerRoute = Number(env.KASSA_FUZZ_RUNS ?? 10)
  if (!Number.isSafeInteger(seed)) throw new Error(`KASSA_FUZZ_SEED must be an integer, not ${env.KASSA_FUZZ_SEED}`)
  if (!Number.isSafeInteger(runsPerRoute) || runsPerRoute < 1) throw new Error(`KASSA_FUZZ_RUNS must be a whole number ≥ 1`)
  return { seed, runsPerRoute, routeFilter: env.KASSA_FUZZ_ROUTES || undefined }
}
