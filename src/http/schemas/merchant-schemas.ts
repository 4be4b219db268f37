import { CURRENCY_CODES, FIAT_CODES } from '../../money/index.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'

/**
 * Route schemas, as plain JSON Schema: they validate requests (Fastify's Ajv) and are the
 * source of the OpenAPI document at /docs. Plain objects rather than a schema builder keep
 * start-up fast (a builder library cost more to load than all of Fastify); the request types
 * beside each schema are written by hand and kept next to it.
 *
 * Amounts accept a JSON number as well as the seed's decimal string, because the seed's own
 * widget sample passes numbers; either way the exact source text is what is parsed.
 * `description` doubles as the "must be …" hint in validation messages (error-envelope.ts).
 */
const amountLike = (description: string) => ({ anyOf: [{ type: 'string', maxLength: 40 }, { type: 'number' }], description })

const string = (props: Record<string, unknown> = {}) => ({ type: 'string', ...props })

export const authHeaders = {
  type: 'object',
  properties: {
    'x-api-key': string({ description: "The store's API key." }),
    'x-timestamp': string({ description: 'Unix time in seconds; ±300 s of server time.' }),
    'x-signature': string({ description: 'hex HMAC-SHA256(api_secret, timestamp + METHOD + path?query + body).' }),
  },
} as const

export const createPaymentHeaders = {
  type: 'object',
  properties: {
    ...authHeaders.properties,
    'idempotency-key': string({ description: 'Optional. Same key + same body: the first response again; same key + another body: 409.' }),
  },
} as const

export interface CreatePaymentBody {
  amount?: string | number
  order_id?: string
  fiat_amount?: string | number
  fiat_currency?: string
  currency?: string
  metadata?: Record<string, unknown>
  redirect_url?: string
}

export const createPaymentBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount: amountLike('Crypto amount, e.g. "100.00" USDT or "0.005" BTC. With several store currencies: in the first.'),
    order_id: string({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000]*$', description: 'a string of 1–255 characters without NUL' }),
    fiat_amount: amountLike('Fiat amount; overrides amount.'),
    fiat_currency: string({ enum: [...FIAT_CODES], description: `one of ${FIAT_CODES.join(', ')}` }),
    currency: string({ description: "Kassa extension: one of the store's currencies, to skip the selection page" }),
    metadata: { type: 'object', additionalProperties: true, description: 'a JSON object' },
    // Length and form are checked by domain/stores/redirect-url.ts, whose messages say what is wrong.
    redirect_url: string({
      description:
        'Kassa extension: an http(s) URL of at most 2048 characters, without user name or password, that the final payment page links back to. Not echoed in the response.',
    }),
  },
} as const

export interface PaymentIdParams {
  payment_id: string
}

export const paymentIdParams = {
  type: 'object',
  required: ['payment_id'],
  properties: { payment_id: string({ maxLength: 200, description: 'Payment id (UUID).' }) },
} as const

export interface ListPaymentsQuery {
  page?: string
  per_page?: string
  status?: string
  currency?: string
}

export const listPaymentsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: string({ pattern: '^[1-9][0-9]{0,8}$', description: 'a whole number from 1' }),
    per_page: string({ pattern: '^(100|[1-9][0-9]?)$', description: 'a whole number from 1 to 100' }),
    status: string({ enum: [...PAYMENT_STATUSES], description: `one of ${PAYMENT_STATUSES.join(', ')}` }),
    currency: string({ enum: [...CURRENCY_CODES], description: `one of ${CURRENCY_CODES.join(', ')}` }),
  },
} as const

export interface RatesQuery {
  amount?: string
  fiat?: string
  crypto?: string
}

export const ratesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount: string({ description: 'Fiat amount to convert, e.g. 5000' }),
    fiat: string({ description: `one of ${FIAT_CODES.join(', ')}` }),
    crypto: string({ description: `one of ${CURRENCY_CODES.join(', ')}` }),
  },
} as const

export interface SelectCurrencyBody {
  token: string
  currency: string
}

export const selectCurrencyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'currency'],
  properties: { token: string({ minLength: 1, maxLength: 100 }), currency: string({ maxLength: 20 }) },
} as const

export const errorEnvelope = {
  type: 'object',
  properties: { success: { const: false }, error: { type: 'string' } },
} as const
