import type { DoctorCheckResult, DoctorDeps, DoctorFinding } from './doctor-check.js'

/**
 * A UTXO family spends coins: two live transactions of Kassa's (payouts that have not failed)
 * spending the same outpoint are a double spend of the hot wallet's or a deposit's money.
 * Payouts batched in one transaction, or fee-bumped in place, share one transaction and count once.
 */
export async function payoutCoinsCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  /** outpoint (network-qualified) → the transaction that spends it and its payouts */
  const spender = new Map<string, { txHash: string; ids: string[] }>()
  const findings: DoctorFinding[] = []
  for await (const p of deps.repos.doctor.signedPayouts()) {
    const coins = deps.spentCoins(p.network, p.signedTx)
    if (!coins) continue
    for (const coin of coins) {
      const key = `${p.network} ${coin}`
      const seen = spender.get(key)
      if (!seen) spender.set(key, { txHash: p.txHash, ids: [p.id] })
      else if (seen.txHash === p.txHash) seen.ids.push(p.id)
      else findings.push({ id: p.id, detail: `payout ${p.id} spends ${coin} on ${p.network}, as payout ${seen.ids[0]} does` })
    }
  }
  return { name: 'payout-coins', title: 'no coin spent by two payout transactions', findings }
}
