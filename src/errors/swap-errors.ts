import { AppError } from './app-error.js'

// The Swap API's failures. Internally each has its own AREA_WHAT code; the Swap envelope
// shows the seed's coarser code (BAD_REQUEST, FORBIDDEN, ...) through SWAP_PUBLIC_CODE in
// src/http/error-envelope.ts, so logs keep the precise reason and clients the seed's word.

export class SwapKeyMissingError extends AppError {
  override readonly code = 'SWAP_KEY_MISSING'
  constructor() {
    super('Authorization: Bearer YOUR_API_KEY is required.')
  }
}

export class SwapKeyUnknownError extends AppError {
  override readonly code = 'SWAP_KEY_UNKNOWN'
  constructor() {
    super('Invalid API key.')
  }
}

export class SwapAccountDisabledError extends AppError {
  override readonly code = 'SWAP_ACCOUNT_DISABLED'
  constructor() {
    super('This API key is suspended.')
  }
}

export class SwapQuotaExceededError extends AppError {
  override readonly code = 'SWAP_QUOTA_EXCEEDED'
  constructor(limit: number) {
    super(`Daily request limit of ${limit} reached; it resets at 00:00 UTC.`, { details: { limit } })
  }
}

/** A malformed or out-of-range field: the seed's BAD_REQUEST. */
export class SwapRequestInvalidError extends AppError {
  override readonly code = 'SWAP_REQUEST_INVALID'
}

export class SwapPairUnknownError extends AppError {
  override readonly code = 'SWAP_PAIR_UNKNOWN'
  constructor(coin: string, network: string) {
    super(`Unsupported coin/network pair: ${coin}/${network}.`, { details: { coin, network } })
  }
}

export class SwapAddressInvalidError extends AppError {
  override readonly code = 'SWAP_ADDRESS_INVALID'
  constructor(address: string, network: string) {
    super(`Address ${address} is not a valid ${network} address.`, { details: { network } })
  }
}

export class SwapAmountTooLowError extends AppError {
  override readonly code = 'SWAP_AMOUNT_TOO_LOW'
}

export class SwapAmountTooHighError extends AppError {
  override readonly code = 'SWAP_AMOUNT_TOO_HIGH'
}

export class SwapMaintenanceError extends AppError {
  override readonly code = 'SWAP_MAINTENANCE'
  constructor(coin: string, network: string) {
    super(`${coin}/${network} is under maintenance; try again later.`, { details: { coin, network } })
  }
}

/** No deposit address can be given on this network (no adapter with a receive capability). */
export class SwapNoDepositAddressError extends AppError {
  override readonly code = 'SWAP_NO_DEPOSIT_ADDRESS'
  constructor(network: string) {
    super(`No deposit address is available on network ${network} right now.`, { details: { network } })
  }
}

/** An output or destination on the operator's screening list. */
export class SwapAddressScreenedError extends AppError {
  override readonly code = 'SWAP_ADDRESS_SCREENED'
  constructor(address: string) {
    super(
      `Address ${address} is on this service's screening list; the order is refused. Contact the operator if you believe this is a mistake.`,
    )
  }
}

export class SwapOrderNotFoundError extends AppError {
  override readonly code = 'SWAP_ORDER_NOT_FOUND'
  constructor(message = 'Order not found or already deleted') {
    super(message)
  }
}

export class SwapPriceUnavailableError extends AppError {
  override readonly code = 'SWAP_PRICE_UNAVAILABLE'
  constructor(coin: string) {
    super(`No USD price is available for ${coin.toUpperCase()} right now.`, { details: { coin } })
  }
}

export class SwapAccountNotFoundError extends AppError {
  override readonly code = 'SWAP_ACCOUNT_NOT_FOUND'
  constructor(accountId: string) {
    super(`Account ${accountId} has no Swap API keys.`, { details: { accountId } })
  }
}

// The operator's re-queue of a failed output (src/services/swap/requeue-output.ts).

/** The order has no output with this number (1-based, as check shows `index`). */
export class SwapOutputNotFoundError extends AppError {
  override readonly code = 'SWAP_OUTPUT_NOT_FOUND'
  constructor(trackcode: string, output: number, outputs: number) {
    super(`Order ${trackcode} has no output ${output}; its outputs are 1 to ${outputs}.`, { details: { trackcode, output } })
  }
}

/** Only an output whose payout failed for good can be re-queued: anything else would pay twice. */
export class SwapOutputNotFailedError extends AppError {
  override readonly code = 'SWAP_OUTPUT_NOT_FAILED'
  constructor(trackcode: string, output: number, state: string) {
    super(`Output ${output} of order ${trackcode} cannot be re-queued: ${state}.`, { details: { trackcode, output } })
  }
}

// /v1/validate's own failures (seed 署名検証), one per step of opening a signature.

export class SwapSignatureMalformedError extends AppError {
  override readonly code = 'SWAP_SIGNATURE_MALFORMED'
  constructor() {
    super('The data provided is not valid Base64 or is too short.')
  }
}

export class SwapSignatureDecryptionError extends AppError {
  override readonly code = 'SWAP_SIGNATURE_DECRYPTION_FAILED'
  constructor() {
    super('Decryption failed. Make sure the signature is valid and try again.')
  }
}

export class SwapSignaturePayloadError extends AppError {
  override readonly code = 'SWAP_SIGNATURE_PAYLOAD_INVALID'
  constructor() {
    super('The decrypted signature is not a valid JSON object.')
  }
}

export class SwapSignatureTrackcodeMissingError extends AppError {
  override readonly code = 'SWAP_SIGNATURE_TRACKCODE_MISSING'
  constructor() {
    super('The signature payload must contain a trackcode.')
  }
}
