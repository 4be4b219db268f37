import { AppError } from './app-error.js'

export class AddressInvalidError extends AppError {
  override readonly code = 'ADDRESS_INVALID'
  constructor(address: string, network: string, reason = 'is not a valid address') {
    super(`${address} ${reason} on ${network}.`, { details: { address, network } })
  }
}

export class WithdrawalExceedsBalanceError extends AppError {
  override readonly code = 'WITHDRAWAL_EXCEEDS_BALANCE'
  constructor(requested: string, available: string, currency: string) {
    super(`Withdrawal of ${requested} ${currency} exceeds the available balance of ${available} ${currency}.`, {
      details: { requested, available, currency },
    })
  }
}

export class PayoutNotSupportedError extends AppError {
  override readonly code = 'PAYOUT_NOT_SUPPORTED'
  constructor(currency: string, reason: string) {
    super(`Payouts in ${currency} are not possible: ${reason}.`, { details: { currency } })
  }
}

export class PayoutNotFoundError extends AppError {
  override readonly code = 'PAYOUT_NOT_FOUND'
  constructor(payoutId: string) {
    super(`Payout ${payoutId} not found.`, { details: { payoutId } })
  }
}

/** A fee bump asked of a payout that has no transaction waiting, or on a network that cannot replace one. */
export class PayoutNotBumpableError extends AppError {
  override readonly code = 'PAYOUT_NOT_BUMPABLE'
  constructor(payoutId: string, reason: string) {
    super(`Payout ${payoutId} cannot be bumped: ${reason}.`, { details: { payoutId } })
  }
}
