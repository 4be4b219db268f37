/** Operator Swap routes: plain JSON Schema, as the other route schemas. */

export interface SwapOutputParams {
  trackcode: string
  output: string
}

export const swapOutputParams = {
  type: 'object',
  required: ['trackcode', 'output'],
  properties: {
    trackcode: { type: 'string', pattern: '^[0-9A-F]{16}$', description: "the order's 16-character upper-case trackcode" },
    output: { type: 'string', pattern: '^(?:[1-9]|10)$', description: 'the output number, 1 to 10, as check shows its index' },
  },
} as const

export interface FailedOutputsQuery {
  limit?: string
}

export const failedOutputsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^(?:[1-9]\\d?|1\\d\\d|200)$', description: 'a whole number from 1 to 200' },
  },
} as const
