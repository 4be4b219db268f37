import { REFUND_STATUSES } from '../../domain/refunds/refund.js'

/** POST /api/v1/payment/{id}/refund (a Kassa extension). Types are checked here; meaning in services/refunds. */
export interface CreateRefundBody {
  amount?: string
  address?: string
  reason?: string
}

export const createRefundBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount: {
      type: 'string',
      maxLength: 40,
      description: 'a decimal string in the payment’s currency, such as "10.50" (absent: everything still refundable)',
    },
    address: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'an address of the payment currency’s network (absent: the buyer enters it at refund_url)',
    },
    // Its length is checked in the service, so the message names the limit.
    reason: { type: 'string', maxLength: 100_000, description: 'a text of at most 500 characters' },
  },
} as const

const refundObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    payment_id: { type: 'string' },
    amount: { type: 'string', description: 'Decimal string in the payment’s currency.' },
    currency: { type: 'string' },
    status: { type: 'string', enum: [...REFUND_STATUSES] },
    address: { type: ['string', 'null'] },
    tx_hash: { type: ['string', 'null'], description: 'Known once the refund is sent.' },
    refund_url: { type: 'string', description: "The buyer's page, where they enter their address if none was given." },
    reason: { type: ['string', 'null'] },
    created_at: { type: 'string' },
  },
} as const

export const refundCreatedResponse = {
  type: 'object',
  properties: { success: { type: 'boolean' }, data: refundObject },
} as const

export const refundListResponse = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    data: {
      type: 'object',
      properties: {
        refunds: { type: 'array', items: refundObject },
        amount_refundable: { type: 'string' },
        amount_refunded: { type: 'string' },
        currency: { type: 'string' },
      },
    },
  },
} as const
