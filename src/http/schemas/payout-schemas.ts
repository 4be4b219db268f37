/** Operator payout routes: plain JSON Schema, as the other route schemas. */

export interface WithdrawalBody {
  currency: string
  amount: string
  to: string
}

export const withdrawalBody = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'amount', 'to'],
  properties: {
    currency: { type: 'string', maxLength: 20, description: 'a Kassa currency code such as ETH or USDT_ERC20' },
    amount: { type: 'string', maxLength: 40, description: 'a decimal string such as "0.25"' },
    to: { type: 'string', minLength: 1, maxLength: 200, description: 'the destination address' },
  },
} as const

export interface PayoutIdParams {
  payout_id: string
}

export const payoutIdParams = {
  type: 'object',
  required: ['payout_id'],
  properties: { payout_id: { type: 'string', maxLength: 64, description: 'a payout id' } },
} as const

export interface PayoutsQuery {
  store_id?: string
  limit?: string
}

export const payoutsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    store_id: { type: 'string', maxLength: 200, description: 'a store id' },
    limit: { type: 'string', pattern: '^(?:[1-9]\\d?|1\\d\\d|200)$', description: 'a whole number from 1 to 200' },
  },
} as const
