import type { DoctorCheckResult, DoctorDeps, DoctorFinding } from './doctor-check.js'

/**
 * Double entry (DESIGN.md, "Data"): the entries of every posting sum to zero, so those of each
 * currency do too. A posting is written in one currency, so a transaction id with entries in two
 * is a finding of its own.
 */
export async function ledgerBalancedCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const byTxn = new Map<string, { currency: string; sum: bigint; currencies: number }>()
  const byCurrency = new Map<string, bigint>()
  for await (const e of deps.repos.doctor.ledgerEntries()) {
    const amount = BigInt(e.amount)
    const t = byTxn.get(e.txnId)
    if (!t) byTxn.set(e.txnId, { currency: e.currency, sum: amount, currencies: 1 })
    else {
      t.sum += amount
      if (t.currency !== e.currency) t.currencies++
    }
    byCurrency.set(e.currency, (byCurrency.get(e.currency) ?? 0n) + amount)
  }
  const findings: DoctorFinding[] = []
  for (const [currency, sum] of byCurrency) {
    if (sum !== 0n) findings.push({ id: currency, detail: `the ${currency} entries sum to ${sum}, not 0` })
  }
  for (const [txn, t] of byTxn) {
    if (t.sum !== 0n) findings.push({ id: txn, detail: `ledger transaction ${txn} sums to ${t.sum}, not 0` })
    else if (t.currencies > 1) findings.push({ id: txn, detail: `ledger transaction ${txn} mixes currencies` })
  }
  return { name: 'ledger-balanced', title: 'ledger balanced per currency and per transaction', findings }
}
