import type { LedgerLine } from '../ledger/payment-posting.js'
import { partnerCreditLines, swapLedgerAccount } from './partner-credit.js'

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
  if (a.partner && a.partner.credit !== 0n) lines.push(...partnerCreditLines(a.partner.accountId, a.partner.credit))
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
