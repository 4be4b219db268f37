import type { Repositories } from '../../db/repositories/repositories.js'

/** One inconsistency: the row it is about (a payment, payout, account or transaction id) and what is wrong. */
export interface DoctorFinding {
  id: string
  detail: string
}

export interface DoctorCheckResult {
  /** Stable, kebab-case: what scripts key on in `kassa doctor --json`. */
  name: string
  /** What holds when the check passes, in a few words. */
  title: string
  findings: DoctorFinding[]
}

/**
 * What a check may read: the repositories, and for the coins check the family's own reading of a
 * signed transaction (the coins it spends as `txid:vout`; undefined for a family without coins).
 */
export interface DoctorDeps {
  repos: Pick<Repositories, 'doctor'>
  spentCoins: (network: string, rawTransaction: string) => readonly string[] | undefined
}

export type DoctorCheck = (deps: DoctorDeps) => Promise<DoctorCheckResult>
