import { Type } from 'typebox'
import { CURRENCY_CODES, FIAT_CODES } from '../../money/index.js'
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js'

/**
 * Route schemas: they validate requests and are the source of the OpenAPI document at /docs.
 * Amounts accept a JSON number as well as the seed's decimal string, because the seed's own
 * widget sample passes numbers; either way the exact text is what is parsed.
 */
const amountLike = (description: string) =>
  Type.Union([Type.String({ maxLength: 40 }), Type.Number()], { description })

export const authHeaders = Type.Object({
  'x-api-key': Type.Optional(Type.String({ description: "The store's API key." })),
  'x-timestamp': Type.Optional(Type.String({ description: 'Unix time in seconds; ±300 s of server time.' })),
  'x-signature': Type.Optional(Type.String({ description: 'hex HMAC-SHA256(api_secret, timestamp + METHOD + path?query + body).' })),
})

export const createPaymentBody = Type.Object(
  {
    amount: Type.Optional(amountLike('Crypto amount, e.g. "100.00" USDT or "0.005" BTC. With several store currencies: in the first.')),
    order_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000]*$', description: 'a string of 1–255 characters without NUL' })),
    fiat_amount: Type.Optional(amountLike('Fiat amount; overrides amount.')),
    fiat_currency: Type.Optional(Type.String({ enum: [...FIAT_CODES], description: `one of ${FIAT_CODES.join(', ')}` })),
    currency: Type.Optional(Type.String({ description: "Kassa extension: one of the store's currencies, to skip the selection page" })),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a JSON object' })),
  },
  { additionalProperties: false },
)

export const paymentIdParams = Type.Object({
  payment_id: Type.String({ maxLength: 200, description: 'Payment id (UUID).' }),
})

export const listPaymentsQuery = Type.Object(
  {
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'a whole number from 1' })),
    per_page: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$', description: 'a whole number from 1 to 100' })),
    status: Type.Optional(Type.String({ enum: [...PAYMENT_STATUSES], description: `one of ${PAYMENT_STATUSES.join(', ')}` })),
    currency: Type.Optional(Type.String({ enum: [...CURRENCY_CODES], description: `one of ${CURRENCY_CODES.join(', ')}` })),
  },
  { additionalProperties: false },
)

export const ratesQuery = Type.Object(
  {
    amount: Type.Optional(Type.String({ description: 'Fiat amount to convert, e.g. 5000' })),
    fiat: Type.Optional(Type.String({ description: `one of ${FIAT_CODES.join(', ')}` })),
    crypto: Type.Optional(Type.String({ description: `one of ${CURRENCY_CODES.join(', ')}` })),
  },
  { additionalProperties: false },
)

export const errorEnvelope = Type.Object({ success: Type.Literal(false), error: Type.String() })
