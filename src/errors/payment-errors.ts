import { AppError } from './app-error.js'

export class AmountInvalidError extends AppError {
  override readonly code = 'AMOUNT_INVALID'
  constructor(field: string, reason: string) {
    super(`${field} ${reason}`, { details: { field } })
  }
}

export class CurrencyNotAcceptedError extends AppError {
  override readonly code = 'CURRENCY_NOT_ACCEPTED'
  constructor(currency: string, accepted: readonly string[]) {
    super(`Currency ${currency} is not accepted by this store (accepted: ${accepted.join(', ')}).`, {
      details: { currency, accepted },
    })
  }
}

export class PaymentNotFoundError extends AppError {
  override readonly code = 'PAYMENT_NOT_FOUND'
  constructor(paymentId: string) {
    super('Payment not found.', { details: { paymentId } })
  }
}

/** Mark as paid / mark invalid asked of a payment in a status it cannot be resolved from, or resolved already. */
export class PaymentNotResolvableError extends AppError {
  override readonly code = 'PAYMENT_NOT_RESOLVABLE'
  constructor(paymentId: string, reason: string) {
    super(reason, { details: { paymentId } })
  }
}

export class StoreNotFoundError extends AppError {
  override readonly code = 'STORE_NOT_FOUND'
  constructor(storeId: string) {
    super(`Store ${storeId} not found.`, { details: { storeId } })
  }
}

export class SelectionNotFoundError extends AppError {
  override readonly code = 'SELECTION_NOT_FOUND'
  constructor() {
    super('Payment selection not found.')
  }
}

export class SelectionExpiredError extends AppError {
  override readonly code = 'SELECTION_EXPIRED'
  constructor() {
    super('This payment selection has expired.')
  }
}

export class SelectionAlreadyMadeError extends AppError {
  override readonly code = 'SELECTION_ALREADY_MADE'
  constructor(paymentId: string) {
    super('A currency was already selected for this payment.', { details: { paymentId } })
  }
}

export class IdempotencyKeyReusedError extends AppError {
  override readonly code = 'IDEMPOTENCY_KEY_REUSED'
  constructor() {
    super('Idempotency-Key was already used with a different request body.')
  }
}

export class SimulationRefusedError extends AppError {
  override readonly code = 'SIMULATION_REFUSED'
  constructor(message = 'Simulation acts on test-mode stores only; this payment belongs to a live store.') {
    super(message)
  }
}
