import { stringifyExact } from '../../serialization/exact-json.js'

/**
 * The body of a "send test event" delivery: the seed's fields, so a receiver's parser is
 * exercised, with an event name no payment ever sends and placeholder values.
 */
export function webhookTestBody(storeId: string, nowMs: number): string {
  return stringifyExact({
    event: 'webhook.test',
    payment_id: null,
    order_id: null,
    amount: null,
    amount_received: null,
    currency: null,
    tx_hash: null,
    confirmed_at: null,
    status: null,
    metadata: { store_id: storeId, sent_at: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') },
  })
}
