import { ledgerAccount } from './ledger-accounts.js'
import type { LedgerLine } from './payment-posting.js'

/**
 * A withdrawal moves through the ledger in two steps, so the available balance can never be
 * spent twice and a payout that fails on chain gives the money back:
 * reserve (available → withdrawing) when it is created, then settle (withdrawing → withdrawn)
 * once confirmed, or refund (withdrawing → available) if it fails. Network fees are the
 * operator's cost, paid from the hot wallet, and never touch the merchant's balance.
 */
export function withdrawalReserveLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.available(storeId), amount: -amount, kind: 'withdrawal' },
    { account: ledgerAccount.withdrawing(storeId), amount, kind: 'withdrawal' },
  ]
}

export function withdrawalSettleLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.withdrawing(storeId), amount: -amount, kind: 'withdrawal_settled' },
    { account: ledgerAccount.withdrawn(storeId), amount, kind: 'withdrawal_settled' },
  ]
}

export function withdrawalRefundLines(storeId: string, amount: bigint): LedgerLine[] {
  return [
    { account: ledgerAccount.withdrawing(storeId), amount: -amount, kind: 'withdrawal_refund' },
    { account: ledgerAccount.available(storeId), amount, kind: 'withdrawal_refund' },
  ]
}
