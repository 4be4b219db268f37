import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import type { DoctorReservation } from '../../db/repositories/doctor-repository.js'
import type { DoctorCheckResult, DoctorDeps, DoctorFinding } from './doctor-check.js'

/**
 * A withdrawal's amount sits in `store:<id>:withdrawing`, a refund's in `store:<id>:refunding`,
 * from when it is made until its payout is confirmed or fails (domain/ledger/withdrawal-posting.ts,
 * refund-posting.ts). So each of those balances equals what that store's unfinished withdrawals
 * (or refunds) in that currency add up to.
 */
export async function reservedBalancesCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const [withdrawals, refunds, balances] = await Promise.all([
    deps.repos.doctor.unsettledWithdrawals(),
    deps.repos.doctor.unsettledRefunds(),
    deps.repos.doctor.ledgerBalances(),
  ])
  const expected = new Map<string, bigint>()
  const add = (rows: DoctorReservation[], account: (storeId: string) => string) => {
    for (const r of rows) {
      const key = `${account(r.storeId)} ${r.currency}`
      expected.set(key, (expected.get(key) ?? 0n) + BigInt(r.amount))
    }
  }
  add(withdrawals, ledgerAccount.withdrawing)
  add(refunds, ledgerAccount.refunding)
  const findings: DoctorFinding[] = []
  for (const b of balances) {
    if (!/^store:.+:(withdrawing|refunding)$/.test(b.account)) continue
    const key = `${b.account} ${b.currency}`
    const want = expected.get(key) ?? 0n
    expected.delete(key)
    if (BigInt(b.balance) !== want) findings.push({ id: key, detail: `${key} is ${b.balance}, its unfinished payouts add up to ${want}` })
  }
  for (const [key, want] of expected) {
    if (want !== 0n) findings.push({ id: key, detail: `${key} has no balance, its unfinished payouts add up to ${want}` })
  }
  return { name: 'reserved-balances', title: 'withdrawing and refunding balances equal the unfinished payouts', findings }
}
