import { amountSlotsCheck } from './amount-slots-check.js'
import type { DoctorCheck, DoctorCheckResult, DoctorDeps } from './doctor-check.js'
import { ledgerBalancedCheck } from './ledger-balanced-check.js'
import { ledgerBalancesCheck } from './ledger-balances-check.js'
import { paymentEventsCheck } from './payment-events-check.js'
import { paymentLedgerCheck } from './payment-ledger-check.js'
import { payoutCoinsCheck } from './payout-coins-check.js'
import { payoutNoncesCheck } from './payout-nonces-check.js'
import { reservedBalancesCheck } from './reserved-balances-check.js'

export interface DoctorReport {
  ok: boolean
  checks: DoctorCheckResult[]
}

/** Every check, in the order they are reported. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  ledgerBalancedCheck,
  ledgerBalancesCheck,
  paymentLedgerCheck,
  paymentEventsCheck,
  amountSlotsCheck,
  payoutNoncesCheck,
  payoutCoinsCheck,
  reservedBalancesCheck,
]

/**
 * Runs the consistency checks of `kassa doctor` one after the other, reading only. The checks
 * read without one snapshot, so on a busy install a write that commits between two reads can
 * show as a finding: a check that finds something is run a second time and only what both runs
 * found is reported. A real inconsistency stays; a passing write does not.
 */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const checks: DoctorCheckResult[] = []
  for (const check of DOCTOR_CHECKS) {
    const first = await check(deps)
    if (first.findings.length === 0) {
      checks.push(first)
      continue
    }
    const again = new Set((await check(deps)).findings.map((f) => `${f.id}\n${f.detail}`))
    checks.push({ ...first, findings: first.findings.filter((f) => again.has(`${f.id}\n${f.detail}`)) })
  }
  return { ok: checks.every((c) => c.findings.length === 0), checks }
}

/** One line per check: `ok`, or how many findings and the first few ids. */
export function doctorReportLines(report: DoctorReport, shown = 5): string[] {
  return report.checks.map((c) => {
    if (c.findings.length === 0) return `ok      ${c.name}: ${c.title}`
    const ids = [...new Set(c.findings.map((f) => f.id))]
    const more = ids.length > shown ? `, … ${ids.length - shown} more` : ''
    const n = c.findings.length
    return `FAILED  ${c.name}: ${n} finding${n === 1 ? '' : 's'} (${ids.slice(0, shown).join(', ')}${more})`
  })
}
