import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import type { DoctorCheckResult, DoctorDeps, DoctorFinding } from './doctor-check.js'

/**
 * A payment's `ledger_pending`, `ledger_credited` and `ledger_fee` say where the ledger stands
 * for it, and reconciliation posts only the difference to its target
 * (domain/ledger/payment-posting.ts). If they drift from the entries, the next posting credits
 * too much or too little, so they must equal the payment's own entries: its pending, credited
 * and commission lines on the store's pending, available and commission accounts.
 */
export async function paymentLedgerCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const posted = new Map<string, { account: string; kind: string; amount: bigint }[]>()
  for await (const e of deps.repos.doctor.ledgerEntries()) {
    if (e.paymentId === null || !['payment_pending', 'payment_credit', 'commission'].includes(e.kind)) continue
    const lines = posted.get(e.paymentId) ?? []
    lines.push({ account: e.account, kind: e.kind, amount: BigInt(e.amount) })
    posted.set(e.paymentId, lines)
  }
  const findings: DoctorFinding[] = []
  for await (const p of deps.repos.doctor.paymentPositions()) {
    const lines = posted.get(p.id) ?? []
    const sum = (kind: string, account: string) =>
      lines.filter((l) => l.kind === kind && l.account === account).reduce((s, l) => s + l.amount, 0n)
    const actual = {
      pending: sum('payment_pending', ledgerAccount.pending(p.storeId)),
      credited: sum('payment_credit', ledgerAccount.available(p.storeId)),
      fee: sum('commission', ledgerAccount.commission(p.storeId)),
    }
    const recorded = { pending: BigInt(p.pending), credited: BigInt(p.credited), fee: BigInt(p.fee) }
    const wrong = (['pending', 'credited', 'fee'] as const).filter((k) => actual[k] !== recorded[k])
    if (wrong.length > 0) {
      const what = wrong.map((k) => `ledger_${k} ${recorded[k]} ≠ entries ${actual[k]}`).join(', ')
      findings.push({ id: p.id, detail: `payment ${p.id}: ${what}` })
    }
  }
  return { name: 'payment-ledger', title: "payments' ledger columns equal their ledger entries", findings }
}
