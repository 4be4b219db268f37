import { AppError } from './app-error.js'

/** A refund of a payment whose money is not (or not yet, or no longer) the store's to return. */
export class RefundNotAllowedError extends AppError {
  override readonly code = 'REFUND_NOT_ALLOWED'
  constructor(paymentId: string, status: string) {
    super(
      `Payment ${paymentId} is ${status}: only completed, overpaid and underpaid payments, and payments resolved by hand, can be refunded (their money is confirmed and credited to the store).`,
      { details: { paymentId, status } },
    )
  }
}

/** More than the payment received, less what earlier refunds (not failed) already hold. */
export class RefundExceedsRefundableError extends AppError {
  override readonly code = 'REFUND_EXCEEDS_REFUNDABLE'
  constructor(requested: string, refundable: string, currency: string, nothingLeft: boolean) {
    super(
      nothingLeft
        ? `Nothing is left to refund on this payment: what it received is refunded already (or being refunded).`
        : `A refund of ${requested} ${currency} is more than the ${refundable} ${currency} still refundable on this payment (what it received, less earlier refunds).`,
      { details: { requested, refundable, currency } },
    )
  }
}

/** The store's available balance cannot pay the refund now. */
export class RefundExceedsBalanceError extends AppError {
  override readonly code = 'REFUND_EXCEEDS_BALANCE'
  constructor(requested: string, available: string, currency: string) {
    super(
      `A refund of ${requested} ${currency} exceeds the store's available balance of ${available} ${currency} (money already withdrawn or reserved).`,
      { details: { requested, available, currency } },
    )
  }
}

/** An unknown refund link. */
export class RefundNotFoundError extends AppError {
  override readonly code = 'REFUND_NOT_FOUND'
  constructor() {
    super('This refund link does not exist.')
  }
}

/** A refund that can no longer be cancelled (its payout exists), or none of this payment. */
export class RefundNotCancellableError extends AppError {
  override readonly code = 'REFUND_NOT_CANCELLABLE'
  constructor(refundId: string, reason: string) {
    super(`Refund ${refundId} cannot be cancelled: ${reason}.`, { details: { refundId } })
  }
}
