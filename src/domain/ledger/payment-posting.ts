import { applyBasisPoints } from '../../money/index.js'
import { creditsMerchant } from '../payments/payment-status.js'
import type { PaymentStatus } from '../payments/payment-status.js'
import { ledgerAccount } from './ledger-accounts.js'

export interface LedgerPosition {
  pending: bigint
  credited: bigint
  fee: bigint
}

export interface LedgerLine {
  account: string
  amount: bigint
  kind:
    | 'payment_pending'
    | 'payment_credit'
    | 'commission'
    | 'withdrawal'
    | 'withdrawal_settled'
    | 'withdrawal_refund'
    | 'refund'
    | 'refund_settled'
    | 'refund_returned'
    | 'swap_deposit'
    | 'swap_fee'
    | 'swap_partner_credit'
    | 'swap_output_fee'
    | 'swap_exchange'
    | 'swap_output'
}

/**
 * Where the ledger should stand for a payment in `status` with these received amounts.
 * `resolved`: a merchant resolved the payment by hand (mark as paid / mark invalid). Its
 * confirmed money is then credited whatever the status, so money on a payment marked invalid
 * stays on the store's books, withdrawable and refundable; and only confirmed money ever is:
 * marking paid changes the status, never what was received.
 */
export function targetPosition(
  status: PaymentStatus,
  received: bigint,
  confirmedReceived: bigint,
  commissionBp: number,
  resolved = false,
): LedgerPosition {
  const credited = resolved || creditsMerchant(status) ? confirmedReceived : 0n
  return { pending: received - credited, credited, fee: applyBasisPoints(credited, commissionBp) }
}

/**
 * The balanced lines that move a payment's ledger position from `current` to `target`.
 * Positions, not events, are posted: applying the difference is idempotent and a reorg that
 * lowers the target simply posts negative lines, so nothing is ever credited twice.
 * Returns [] when nothing changes. The lines always sum to zero.
 */
export function postingLines(storeId: string, current: LedgerPosition, target: LedgerPosition): LedgerLine[] {
  const dPending = target.pending - current.pending
  const dCredited = target.credited - current.credited
  const dFee = target.fee - current.fee
  const lines: LedgerLine[] = []
  if (dPending !== 0n) {
    lines.push({ account: ledgerAccount.incomingPending(storeId), amount: -dPending, kind: 'payment_pending' })
    lines.push({ account: ledgerAccount.pending(storeId), amount: dPending, kind: 'payment_pending' })
  }
  if (dCredited !== 0n) {
    lines.push({ account: ledgerAccount.incoming(storeId), amount: -dCredited, kind: 'payment_credit' })
    lines.push({ account: ledgerAccount.available(storeId), amount: dCredited, kind: 'payment_credit' })
  }
  if (dFee !== 0n) {
    lines.push({ account: ledgerAccount.available(storeId), amount: -dFee, kind: 'commission' })
    lines.push({ account: ledgerAccount.commission(storeId), amount: dFee, kind: 'commission' })
  }
  return lines
}
