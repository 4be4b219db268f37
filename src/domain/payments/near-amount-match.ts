import { toleratedMinimum } from './evaluate-payment.js'

/** A payment at a shared (unique-amount) address that a transfer might have been meant for. */
export interface AmountClaimant {
  id: string
  /** What its buyer was shown to send: the unique amount; a queued payment's base amount. */
  due: bigint
  /**
   * Whether it may be given a transfer that is not its exact amount: only a pending payment
   * before its expiry that has received nothing. The others (confirming, queued, expired,
   * recently closed with exactly this amount) are there only to make the transfer ambiguous.
   */
  takesNearAmount: boolean
}

/**
 * Whether `amount` is near enough to `due` to be an attempt to pay it: no further from it, in
 * either direction, than the store's underpayment tolerance forgives. Below `due` the bound is
 * the one evaluatePayment completes at; above, the same distance, so an amount only just over
 * the unique one (40.05 for 40.01) overpays it. With no tolerance only the exact amount is near.
 */
export function isNearAmount(amount: bigint, due: bigint, toleranceBp: number): boolean {
  const slack = due - toleratedMinimum(due, toleranceBp)
  return amount >= due - slack && amount <= due + slack
}

/**
 * The payment a transfer to a unique-amount address pays when its amount is no open payment's
 * exact unique amount (a buyer who sends the round 40.00 for 40.01), or null to leave it an
 * unmatched deposit for the merchant. It pays a payment only when that payment is the single
 * claimant near the amount: if any other payment at the address is near it too, open, queued
 * or just closed with exactly this amount, nobody can tell whose it is, and crediting the
 * wrong payment is worse than a deposit the merchant assigns by hand (DESIGN.md "No funds are
 * ever dropped"). The store's tolerance (one store owns the address) decides what is near.
 */
export function matchNearAmount(amount: bigint, claimants: readonly AmountClaimant[], toleranceBp: number): string | null {
  const near = claimants.filter((c) => isNearAmount(amount, c.due, toleranceBp))
  if (near.length !== 1) return null
  const [only] = near
  return only?.takesNearAmount ? only.id : null
}
