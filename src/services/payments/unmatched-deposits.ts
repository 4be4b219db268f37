import type { UnmatchedDeposit } from '../../db/repositories/chain-repository.js'
import type { Payment } from '../../domain/payments/payment.js'
import { PaymentNotFoundError, RequestInvalidError } from '../../errors/index.js'
import { reconcilePayment } from './reconcile-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export type { UnmatchedDeposit } from '../../db/repositories/chain-repository.js'

/**
 * Transfers to Kassa's addresses that matched no payment: late, wrong amount, wrong token.
 * Kept for the merchant and the operator to see, and to assign by hand.
 */
export async function listUnmatchedDeposits(deps: PaymentEngineDeps, storeId?: string): Promise<UnmatchedDeposit[]> {
  return deps.repos.chain.unmatchedDeposits(storeId)
}

/**
 * Attaches an unmatched transfer to a payment of the same store and currency, then lets the
 * payment engine re-evaluate it: a late full payment completes an expired payment, a top-up
 * completes an underpaid one, and a round 40.00 completes a 40.01 payment when the store's
 * underpayment tolerance forgives the 0.01 (reconcilePayment evaluates with the store's terms).
 * The merchant decides; the rules of evaluation stay the same.
 * Returns the payment as it is afterwards.
 */
export async function assignDeposit(deps: PaymentEngineDeps, transferId: string, paymentId: string): Promise<Payment> {
  return deps.repos.transaction(async (tx) => {
    const t = await tx.chain.unmatchedDeposit(transferId)
    if (!t) throw new RequestInvalidError(`No unmatched deposit ${transferId}.`)
    const p = await tx.payments.brief(paymentId)
    if (!p || p.storeId !== t.storeId) throw new PaymentNotFoundError(paymentId)
    if (p.currency !== t.currency) throw new RequestInvalidError(`The deposit is ${t.currency}; the payment is ${p.currency}.`)
    if (p.status === 'queued' || p.status === 'selecting') throw new RequestInvalidError(`A ${p.status} payment cannot take a deposit.`)
    await tx.chain.assignTransfer(t.id, p.id)
    await reconcilePayment(deps, tx, p.id)
    const after = await tx.payments.byId(p.id)
    if (!after) throw new PaymentNotFoundError(p.id)
    return after
  })
}
