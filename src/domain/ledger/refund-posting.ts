import { ledgerAccount } from './ledger-accounts.js'
import type { LedgerLine } from './payment-posting.js'

/**
 * A refund moves through the ledger as a withdrawal does (withdrawal-posting.ts), on accounts
 * of its own so that total_withdrawn keeps meaning money paid to the merchant:
 * reserve (available → refunding) when the refund is made, even before the buyer gives an
 * address, so the money promised to the buyer cannot be withdrawn meanwhile; settle
 * (refunding → refunded) once its payout is confirmed; return (refunding → available) if the
 * payout fails. The full amount comes from the store's balance: the operator's commission on
 * the payment is not given back (as card processors keep their fee on a refund).
 */
export function refundReserveLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.available(storeId), amount: -amount, kind: 'refund' },
    { account: ledgerAccount.refunding(storeId), amount, kind: 'refund' },
  ]
}

export function refundSettleLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.refunding(storeId), amount: -amount, kind: 'refund_settled' },
    { account: ledgerAccount.refunded(storeId), amount, kind: 'refund_settled' },
  ]
}

export function refundReturnLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.refunding(storeId), amount: -amount, kind: 'refund_returned' },
    { account: ledgerAccount.available(storeId), amount, kind: 'refund_returned' },
  ]
}
