import type { FastifyError } from 'fastify'
import { StoreSettingsError } from '../domain/stores/store.js'
import { AppError, ERROR_STATUS } from '../errors/index.js'
import type { ErrorCode } from '../errors/index.js'
import { RatesError } from '../rates/index.js'

export interface ErrorResponse {
  status: number
  code: string
  message: string
}

/** Fastify's own request errors, in our codes and words (fastify lib/errors.js names). */
const FASTIFY_ERRORS: Record<string, { code: keyof typeof ERROR_STATUS; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'REQUEST_BODY_TOO_LARGE', message: 'Request body is larger than 64 KiB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'REQUEST_INVALID', message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'REQUEST_INVALID', message: 'Request body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'REQUEST_NOT_JSON', message: 'Request body is not valid JSON.' },
  FST_ERR_BAD_URL: { code: 'REQUEST_INVALID', message: 'The request URL is malformed.' },
}

/**
 * Every error, ours or a library's, becomes a status, a stable code and a message safe to
 * show. Anything unrecognised is a 500 with a generic message: no stack, no internals.
 */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof AppError) return { status: ERROR_STATUS[err.code], code: err.code, message: err.message }
  if (err instanceof StoreSettingsError) return { status: 400, code: 'REQUEST_INVALID', message: err.message }
  if (err instanceof RatesError) {
    // The rates module's own codes say which source failed how; that belongs in the log.
    return err.code === 'RATES_AMOUNT_INVALID'
      ? { status: 400, code: 'AMOUNT_INVALID', message: err.message }
      : { status: 503, code: 'RATES_UNAVAILABLE', message: 'Exchange rates are unavailable right now.' }
  }
  const fe = err as Partial<FastifyError>
  if (fe.validation) return { status: 400, code: 'REQUEST_INVALID', message: validationMessage(fe as FastifyError) }
  if (fe.code && FASTIFY_ERRORS[fe.code]) {
    const known = FASTIFY_ERRORS[fe.code]!
    return { status: ERROR_STATUS[known.code], code: known.code, message: known.message ?? fe.message ?? 'Bad request.' }
  }
  if (fe.statusCode === 429) return { status: 429, code: 'RATE_LIMITED', message: fe.message ?? 'Too many requests.' }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: 400, code: 'REQUEST_INVALID', message: fe.message ?? 'Bad request.' }
  }
  return { status: 500, code: 'INTERNAL', message: 'Internal server error.' }
}

/** The Merchant API's envelope, as the seed prints it. */
export function merchantErrorBody(e: ErrorResponse): { success: false; error: string } {
  return { success: false, error: e.message }
}

/** Turns Ajv's first error into a sentence naming the field, e.g. "amount must be a string". */
function validationMessage(err: FastifyError): string {
  const v = err.validation?.[0]
  if (!v) return 'Invalid request.'
  const where = err.validationContext === 'querystring' ? 'query parameter ' : ''
  const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const params = v.params as Record<string, unknown>
  switch (v.keyword) {
    case 'required':
      return `${where}${field ? field + '.' : ''}${String(params.missingProperty)} is required.`
    case 'additionalProperties':
      return `Unknown ${where || 'field '}${field ? field + '.' : ''}${String(params.additionalProperty)}.`
    case 'type':
      return field
        ? `${where}${field} must be ${article(String(params.type))}.`
        : `Request ${err.validationContext ?? 'body'} must be ${article(String(params.type))}.`
    case 'anyOf':
      return `${where}${field} must be a string or a number.`
    default: {
      const hint = (v as { parentSchema?: { description?: string } }).parentSchema?.description
      return hint ? `${where}${field} must be ${hint}.` : `${where}${field} ${v.message ?? 'is invalid'}.`
    }
  }
}

function article(type: string): string {
  const t = type.replace(',', ' or ')
  return t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`
}

/**
 * The Swap API shows the seed's codes (seed-swap-api.txt: BAD_REQUEST, AMOUNT_TOO_LOW, ...),
 * coarser than ours. The map is exhaustive by type, so a new internal code cannot reach a
 * Swap client unmapped.
 */
export const SWAP_PUBLIC_CODE: Record<ErrorCode, string> = {
  REQUEST_INVALID: 'BAD_REQUEST',
  REQUEST_NOT_JSON: 'BAD_REQUEST',
  REQUEST_BODY_TOO_LARGE: 'BAD_REQUEST',
  REQUEST_UNSUPPORTED_MEDIA_TYPE: 'BAD_REQUEST',
  AMOUNT_INVALID: 'BAD_REQUEST',
  CURRENCY_NOT_ACCEPTED: 'BAD_REQUEST',
  SELECTION_EXPIRED: 'BAD_REQUEST',
  ADDRESS_INVALID: 'BAD_REQUEST',
  WITHDRAWAL_EXCEEDS_BALANCE: 'BAD_REQUEST',
  PAYOUT_NOT_SUPPORTED: 'BAD_REQUEST',
  WEBHOOK_URL_REFUSED: 'BAD_REQUEST',
  OPERATOR_AUTH_INVALID: 'UNAUTHORIZED',
  WIDGET_DISABLED: 'FORBIDDEN',
  WIDGET_ORIGIN_NOT_ALLOWED: 'FORBIDDEN',
  DONATIONS_DISABLED: 'FORBIDDEN',
  PAGE_CROSS_SITE_POST: 'FORBIDDEN',
  PAYMENT_LINK_NOT_FOUND: 'NOT_FOUND',
  PAYMENT_LINK_INACTIVE: 'NOT_FOUND',
  STORE_KEY_NOT_FOUND: 'NOT_FOUND',
  WEBHOOK_EVENT_NOT_FOUND: 'NOT_FOUND',
  WEBHOOK_URL_NOT_SET: 'BAD_REQUEST',
  WEBHOOK_EVENT_BUSY: 'BAD_REQUEST',
  PUBLIC_SLOTS_BUSY: 'TOO_MANY_REQUESTS',
  AUTH_HEADERS_MISSING: 'UNAUTHORIZED',
  AUTH_TIMESTAMP_INVALID: 'UNAUTHORIZED',
  AUTH_KEY_UNKNOWN: 'UNAUTHORIZED',
  AUTH_SIGNATURE_INVALID: 'FORBIDDEN',
  AUTH_SIGNATURE_REPLAYED: 'FORBIDDEN',
  STORE_DISABLED: 'FORBIDDEN',
  SIMULATION_REFUSED: 'FORBIDDEN',
  ROUTE_NOT_FOUND: 'NOT_FOUND',
  PAYMENT_NOT_FOUND: 'NOT_FOUND',
  STORE_NOT_FOUND: 'NOT_FOUND',
  SELECTION_NOT_FOUND: 'NOT_FOUND',
  PAYOUT_NOT_FOUND: 'NOT_FOUND',
  PAYOUT_NOT_BUMPABLE: 'BAD_REQUEST',
  REFUND_NOT_FOUND: 'NOT_FOUND',
  REFUND_NOT_ALLOWED: 'BAD_REQUEST',
  REFUND_EXCEEDS_REFUNDABLE: 'BAD_REQUEST',
  REFUND_EXCEEDS_BALANCE: 'BAD_REQUEST',
  REFUND_NOT_CANCELLABLE: 'BAD_REQUEST',
  PAYMENT_NOT_RESOLVABLE: 'BAD_REQUEST',
  IDEMPOTENCY_KEY_REUSED: 'BAD_REQUEST',
  SELECTION_ALREADY_MADE: 'BAD_REQUEST',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  RATES_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  CHAIN_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  CHAIN_RPC_ERROR: 'SERVICE_UNAVAILABLE',
  SWAP_REQUEST_INVALID: 'BAD_REQUEST',
  SWAP_PAIR_UNKNOWN: 'BAD_REQUEST',
  SWAP_ADDRESS_INVALID: 'BAD_REQUEST',
  SWAP_AMOUNT_TOO_LOW: 'AMOUNT_TOO_LOW',
  SWAP_AMOUNT_TOO_HIGH: 'AMOUNT_TOO_HIGH',
  SWAP_SIGNATURE_MALFORMED: 'INVALID_SIGNATURE',
  SWAP_SIGNATURE_DECRYPTION_FAILED: 'DECRYPTION_FAILED',
  SWAP_SIGNATURE_PAYLOAD_INVALID: 'INVALID_PAYLOAD',
  SWAP_SIGNATURE_TRACKCODE_MISSING: 'MISSING_TRACKCODE',
  SWAP_KEY_MISSING: 'UNAUTHORIZED',
  SWAP_KEY_UNKNOWN: 'UNAUTHORIZED',
  SWAP_ACCOUNT_DISABLED: 'FORBIDDEN',
  SWAP_ADDRESS_SCREENED: 'FORBIDDEN',
  SWAP_ORDER_NOT_FOUND: 'NOT_FOUND',
  SWAP_ACCOUNT_NOT_FOUND: 'NOT_FOUND',
  SWAP_OUTPUT_NOT_FOUND: 'NOT_FOUND',
  SWAP_OUTPUT_NOT_FAILED: 'BAD_REQUEST',
  SWAP_QUOTA_EXCEEDED: 'TOO_MANY_REQUESTS',
  SWAP_MAINTENANCE: 'SERVICE_UNAVAILABLE',
  SWAP_NO_DEPOSIT_ADDRESS: 'SERVICE_UNAVAILABLE',
  SWAP_PRICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  DASHBOARD_FORM_INVALID: 'BAD_REQUEST',
  DASHBOARD_LOGIN_FAILED: 'UNAUTHORIZED',
  DASHBOARD_CSRF_INVALID: 'FORBIDDEN',
  DASHBOARD_SIGNUP_CLOSED: 'FORBIDDEN',
  DASHBOARD_LOGIN_THROTTLED: 'TOO_MANY_REQUESTS',
  INTERNAL: 'SERVER_ERROR',
}

/** The Swap API's envelope, as the seed prints it: `{ ok: false, code, message }`. */
export function swapErrorBody(e: ErrorResponse): { ok: false; code: string; message: string } {
  const code = Object.hasOwn(SWAP_PUBLIC_CODE, e.code)
    ? SWAP_PUBLIC_CODE[e.code as ErrorCode]
    : e.status >= 500
      ? 'SERVER_ERROR'
      : 'BAD_REQUEST'
  return { ok: false, code, message: e.message }
}

/** /v1/validate's envelope: the seed prints `error` where the rest of the Swap API has `code`. */
export function swapValidateErrorBody(e: ErrorResponse): { ok: false; error: string; message: string } {
  const { code, message } = swapErrorBody(e)
  return { ok: false, error: code, message }
}
