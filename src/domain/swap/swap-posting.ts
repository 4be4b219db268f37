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

/** What an order's activation posts, in the deposit currency's atomic units. */
export interface ActivationPosting {
  trackcode: string
  /** Everything confirmed at the deposit address when the order activated. */
  received: bigint
  serviceFee: bigint
  /** Split orders: fee per output × outputs; 0 for an exchange. */
  outputFees: bigint
  /** The partner's credit (out of the service fee), with the partner; null without one. */
  partner: { accountId: string; credit: bigint } | null
  /** Exchange orders: the deposit less the service fee, which the operator keeps in exchange for paying the receive amount. */
  exchanged: bigint
}

/**
 * Balanced lines posted once, in the transaction that activates an order, in its deposit
 * currency: the deposit into the order's account, and out of it the service fee (less the
 * partner's credit), the output fees and, for an exchange, what the operator takes in.
 * What stays is what the outputs are owed (split orders) plus any overpayment.
 */
export function activationLines(a: ActivationPosting): LedgerLine[] {
  const order = swapLedgerAccount.order(a.trackcode)
  const lines: LedgerLine[] = [
    { account: swapLedgerAccount.deposits(), amount: -a.received, kind: 'swap_deposit' },
    { account: order, amount: a.received, kind: 'swap_deposit' },
  ]
  const move = (from: string, to: string, amount: bigint, kind: LedgerLine['kind']) => {
    if (amount === 0n) return
    lines.push({ account: from, amount: -amount, kind }, { account: to, amount, kind })
  }
  move(order, swapLedgerAccount.fees(), a.serviceFee, 'swap_fee')
  if (a.partner) move(swapLedgerAccount.fees(), swapLedgerAccount.partner(a.partner.accountId), a.partner.credit, 'swap_partner_credit')
  move(order, swapLedgerAccount.outputFees(), a.outputFees, 'swap_output_fee')
  move(order, swapLedgerAccount.inventory(), a.exchanged, 'swap_exchange')
  return lines
}

/**
 * An exchange's other side, posted with its activation in the destination currency: the
 * operator's inventory owes the order its receive amount, which the output then pays.
 */
export function exchangeReceiveLines(trackcode: string, receive: bigint): LedgerLine[] {
  return [
    { account: swapLedgerAccount.inventory(), amount: -receive, kind: 'swap_exchange' },
    { account: swapLedgerAccount.order(trackcode), amount: receive, kind: 'swap_exchange' },
  ]
}

/** An output's payout confirmed on chain: it leaves the order's account. Posted once, with the confirmation. */
export function outputPaidLines(trackcode: string, amount: bigint): LedgerLine[] {
  return [
    { account: swapLedgerAccount.order(trackcode), amount: -amount, kind: 'swap_output' },
    { account: swapLedgerAccount.payouts(), amount, kind: 'swap_output' },
  ]
}
