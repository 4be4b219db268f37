import type { Payment } from '../../domain/payments/payment.js'
import { mayRefund, refundableAmount, refundedAmount } from '../../domain/refunds/refund.js'
import type { Refund } from '../../domain/refunds/refund.js'
import type { Store } from '../../domain/stores/store.js'
import { PaymentNotFoundError, RefundNotFoundError } from '../../errors/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { PAYMENT_ID } from '../payments/payment-queries.js'

/** A payment's refunds and what they add up to. */
export interface PaymentRefunds {
  payment: Payment
  refunds: Refund[]
  /** What may still be refunded now; 0 for a payment whose status allows none. */
  refundable: bigint
  /** What has reached the buyer (confirmed refunds). */
  refunded: bigint
}

/** A store sees only its own payments' refunds: another store's payment id answers 404. */
export async function paymentRefunds(deps: Pick<PaymentEngineDeps, 'repos'>, storeId: string, paymentId: string): Promise<PaymentRefunds> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  const payment = await deps.repos.payments.ofStore(storeId, paymentId)
  if (!payment) throw new PaymentNotFoundError(paymentId)
  return refundsOf(deps, payment)
}

export async function refundsOf(deps: Pick<PaymentEngineDeps, 'repos'>, payment: Payment): Promise<PaymentRefunds> {
  const refunds = await deps.repos.refunds.ofPayment(payment.id)
  const refundable = mayRefund(payment) ? refundableAmount(payment.ledger.credited, refunds) : 0n
  return { payment, refunds, refundable, refunded: refundedAmount(refunds) }
}

/** What the buyer's refund page shows. */
export interface RefundLink {
  refund: Refund
  store: Store
  payment: Payment
}

/** Tokens are base64url of 24 random bytes: anything else is no link of ours. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/

/** The refund behind a buyer's link; the token is the capability, as a payment id is for the payment page. */
export async function refundByToken(deps: Pick<PaymentEngineDeps, 'repos'>, token: string): Promise<RefundLink> {
  if (!TOKEN.test(token)) throw new RefundNotFoundError()
  const refund = await deps.repos.refunds.byToken(token)
  if (!refund) throw new RefundNotFoundError()
  const [store, payment] = await Promise.all([deps.repos.stores.byId(refund.storeId), deps.repos.payments.byId(refund.paymentId)])
  if (!store || !payment) throw new RefundNotFoundError()
  return { refund, store, payment }
}
