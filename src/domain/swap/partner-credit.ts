import type { LedgerLine } from '../ledger/payment-posting.js'

/** The partner's share of an order's service fee (DESIGN.md: 30 %), rounded down. */
export const PARTNER_SHARE_PERCENT = 30n

/**
 * The Swap API's ledger accounts, per currency (the chain currency: BTC, DOGE, USDT_TRC20, …),
 * amounts in that currency's atomic units:
 * - `swap:deposits` (contra, negative): everything received at swap deposit addresses;
 * - `swap:order:<trackcode>`: what the operator holds for one order. A deposit comes in here
 *   and fees, the exchange and the outputs go out; once every output is paid it is 0 (or the
 *   amount a customer sent beyond the order, still theirs);
 * - `swap:fees`: the operator's service-fee revenue, net of partner credits;
 * - `swap:output_fees`: split orders' fee per output, the operator's to pay network fees with;
 * - `swap:inventory`: the operator's own coins through exchanges: the deposit, less the fee,
 *   comes in; the receive amount, in the other coin, goes out;
 * - `swap:payouts` (positive): everything sent to outputs, confirmed on chain;
 * - `partner:<account_id>`: a partner's 30 % of the service fee.
 */
export const swapLedgerAccount = {
  deposits: () => 'swap:deposits',
  order: (trackcode: string) => `swap:order:${trackcode}`,
  fees: () => 'swap:fees',
  outputFees: () => 'swap:output_fees',
  inventory: () => 'swap:inventory',
  payouts: () => 'swap:payouts',
  partner: (accountId: string) => `partner:${accountId}`,
} as const

export function partnerCredit(serviceFee: bigint): bigint {
  return (serviceFee * PARTNER_SHARE_PERCENT) / 100n
}

/** Balanced lines crediting the partner out of the operator's fee revenue (part of an order's activation). */
export function partnerCreditLines(partnerAccountId: string, amount: bigint): LedgerLine[] {
  return [
    { account: swapLedgerAccount.fees(), amount: -amount, kind: 'swap_partner_credit' },
    { account: swapLedgerAccount.partner(partnerAccountId), amount, kind: 'swap_partner_credit' },
  ]
}
