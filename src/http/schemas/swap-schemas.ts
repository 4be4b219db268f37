/** JSON schemas of the Swap API for the OpenAPI document; bodies are checked by the domain. */

const envelope = {
  type: 'object',
  description: 'The Swap API error envelope',
  properties: { ok: { type: 'boolean', const: false }, code: { type: 'string' }, message: { type: 'string' } },
} as const

/** Every Swap route may answer these in the seed's envelope. */
export const swapErrorSchema = {
  400: envelope,
  401: envelope,
  403: envelope,
  404: envelope,
  429: envelope,
  503: envelope,
} as const

export const swapPrettyQuery = {
  type: 'object',
  properties: { pretty: { type: 'string', description: '1: indented JSON' } },
} as const

/** Bodies are free-form objects in the schema: the seed's rules and codes are applied in code. */
export const swapJsonBody = { type: 'object' } as const
