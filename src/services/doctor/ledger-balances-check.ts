import type { DoctorCheckResult, DoctorDeps, DoctorFinding } from './doctor-check.js'

/**
 * `ledger_balances` is kept in step with the entries in the posting's transaction
 * (db/repositories/ledger-repository.ts); every balance row must equal the sum of its account's
 * entries in its currency, and every account with entries must have its row.
 */
export async function ledgerBalancesCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const sums = new Map<string, bigint>()
  for await (const e of deps.repos.doctor.ledgerEntries()) {
    const key = `${e.account} ${e.currency}`
    sums.set(key, (sums.get(key) ?? 0n) + BigInt(e.amount))
  }
  const findings: DoctorFinding[] = []
  for (const b of await deps.repos.doctor.ledgerBalances()) {
    const key = `${b.account} ${b.currency}`
    const sum = sums.get(key) ?? 0n
    sums.delete(key)
    if (BigInt(b.balance) !== sum) findings.push({ id: key, detail: `balance ${b.balance} of ${key}, its entries sum to ${sum}` })
  }
  for (const [key, sum] of sums) {
    if (sum !== 0n) findings.push({ id: key, detail: `${key} has entries summing to ${sum} and no balance row` })
  }
  return { name: 'ledger-balances', title: 'ledger_balances equal the sum of entries per account and currency', findings }
}
