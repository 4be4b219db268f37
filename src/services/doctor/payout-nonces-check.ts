import type { DoctorCheckResult, DoctorDeps } from './doctor-check.js'

/**
 * An account-based family (EVM) orders a sender's transactions by nonce: two payouts that signed
 * different transactions with one nonce mean one of them can never be mined, or was signed over
 * the other. TRON transactions carry no nonce (a reference block instead) and are not concerned.
 */
export async function payoutNoncesCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const groups = await deps.repos.doctor.nonceReuse()
  return {
    name: 'payout-nonces',
    title: 'no nonce used by two transactions of one sender',
    findings: groups.flatMap((ids) =>
      ids.map((id) => ({ id, detail: `payouts ${ids.join(', ')} signed different transactions with one nonce` })),
    ),
  }
}
