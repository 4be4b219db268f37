/**
 * The one base of every error Kassa raises on purpose. `code` is stable once shipped (never
 * renamed or reused: clients and logs key on it); the HTTP status and envelope are decided in
 * one place, src/http/error-envelope.ts, never here.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.details = options.details
  }
}

/** Every code, with the status it maps to: the map is exhaustive by type. */
export const ERROR_STATUS = {
  REQUEST_INVALID: 400,
  REQUEST_NOT_JSON: 400,
  REQUEST_BODY_TOO_LARGE: 400,
  REQUEST_UNSUPPORTED_MEDIA_TYPE: 400,
  AMOUNT_INVALID: 400,
  CURRENCY_NOT_ACCEPTED: 400,
  SELECTION_EXPIRED: 400,
  ADDRESS_INVALID: 400,
  WITHDRAWAL_EXCEEDS_BALANCE: 400,
  PAYOUT_NOT_SUPPORTED: 400,
  WEBHOOK_URL_REFUSED: 400,
  AUTH_HEADERS_MISSING: 401,
  AUTH_TIMESTAMP_INVALID: 401,
  AUTH_KEY_UNKNOWN: 401,
  OPERATOR_AUTH_INVALID: 401,
  AUTH_SIGNATURE_INVALID: 403,
  STORE_DISABLED: 403,
  WIDGET_DISABLED: 403,
  WIDGET_ORIGIN_NOT_ALLOWED: 403,
  DONATIONS_DISABLED: 403,
  SIMULATION_REFUSED: 403,
  ROUTE_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  SELECTION_NOT_FOUND: 404,
  PAYOUT_NOT_FOUND: 404,
  STORE_KEY_NOT_FOUND: 404,
  WEBHOOK_EVENT_NOT_FOUND: 404,
  IDEMPOTENCY_KEY_REUSED: 409,
  SELECTION_ALREADY_MADE: 409,
  WEBHOOK_URL_NOT_SET: 409,
  WEBHOOK_EVENT_BUSY: 409,
  RATE_LIMITED: 429,
  PUBLIC_SLOTS_BUSY: 429,
  RATES_UNAVAILABLE: 503,
  CHAIN_UNAVAILABLE: 503,
  CHAIN_RPC_ERROR: 503,
  SWAP_REQUEST_INVALID: 400,
  SWAP_PAIR_UNKNOWN: 400,
  SWAP_ADDRESS_INVALID: 400,
  SWAP_AMOUNT_TOO_LOW: 400,
  SWAP_AMOUNT_TOO_HIGH: 400,
  SWAP_SIGNATURE_MALFORMED: 400,
  SWAP_SIGNATURE_DECRYPTION_FAILED: 400,
  SWAP_SIGNATURE_PAYLOAD_INVALID: 400,
  SWAP_SIGNATURE_TRACKCODE_MISSING: 400,
  SWAP_KEY_MISSING: 401,
  SWAP_KEY_UNKNOWN: 401,
  SWAP_ACCOUNT_DISABLED: 403,
  SWAP_ADDRESS_SCREENED: 403,
  SWAP_ORDER_NOT_FOUND: 404,
  SWAP_ACCOUNT_NOT_FOUND: 404,
  SWAP_OUTPUT_NOT_FOUND: 404,
  SWAP_OUTPUT_NOT_FAILED: 409,
  SWAP_QUOTA_EXCEEDED: 429,
  SWAP_MAINTENANCE: 503,
  SWAP_NO_DEPOSIT_ADDRESS: 503,
  SWAP_PRICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
