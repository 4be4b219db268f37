import type { LedgerLine } from '../ledger/payment-posting.js'

/** The partner's share of an order's service fee (DESIGN.md: 30 %), rounded down. */
export const PARTNER_SHARE_PERCENT = 30n

export const swapLedgerAccount = {
  /** The operator's swap fee income (contra): a partner's credit is paid out of it. */
  fees: () => 'swap:fees',
  partner: (accountId: string) => `partner:${accountId}`,
} as const

export function partnerCredit(serviceFee: bigint): bigint {
  return (serviceFee * PARTNER_SHARE_PERCENT) / 100n
}

/** Balanced lines crediting the partner, posted once, in the transaction that activates the order. */
export function partnerCreditLines(partnerAccountId: string, amount: bigint): LedgerLine[] {
  return [
    { account: swapLedgerAccount.fees(), amount: -amount, kind: 'swap_partner_credit' },
    { account: swapLedgerAccount.partner(partnerAccountId), amount, kind: 'swap_partner_credit' },
  ]
}
