import type { DoctorCheckResult, DoctorDeps } from './doctor-check.js'

/**
 * A unique-amount payment is matched by its exact amount at a shared address (DESIGN.md), so two
 * open payments waiting for the same amount there could not be told apart: one transfer would pay
 * whichever the watcher met first.
 */
export async function amountSlotsCheck(deps: DoctorDeps): Promise<DoctorCheckResult> {
  const groups = await deps.repos.doctor.sharedAmountSlots()
  return {
    name: 'amount-slots',
    title: 'no two open payments share an address, amount and currency',
    findings: groups.flatMap((ids) => ids.map((id) => ({ id, detail: `open payments ${ids.join(', ')} wait for the same amount` }))),
  }
}
