import assert from 'node:assert/strict'
import { test } from 'node:test'
import { displayNumber } from '../../http/presenters/amount-format.js'
import { isoSeconds } from '../../serialization/iso-seconds.js'
import { CURRENCY_CODES } from '../../money/index.js'
import { stringifyExact } from '../../serialization/exact-json.js'
import { webhookBody } from './webhook-body.js'

// The body formats amounts and times itself (domain does not import http/); a receiver must
// still get, byte for byte, the text the Merchant API shows for the same payment.
test('webhook amounts and times are written exactly as the Merchant API writes them', () => {
  const times = [0, 1_736_944_200_000, 1_736_944_200_999]
  for (const currency of CURRENCY_CODES) {
    for (const [i, atomic] of [0n, 1n, 10_140_000n, 123_456_789_012_345_678n].entries()) {
      const confirmedAt = times[i % times.length]!
      const body = webhookBody('payment.completed', {
        id: 'p',
        orderId: null,
        currency,
        due: atomic,
        received: atomic + 1n,
        txHash: null,
        confirmedAt,
        status: 'completed',
        metadata: null,
      })
      const api = stringifyExact({
        event: 'payment.completed',
        payment_id: 'p',
        order_id: null,
        amount: displayNumber(atomic, currency),
        amount_received: displayNumber(atomic + 1n, currency),
        currency,
        tx_hash: null,
        confirmed_at: isoSeconds(confirmedAt),
        status: 'completed',
        metadata: null,
      })
      assert.equal(body, api, `${currency} ${atomic}`)
    }
  }
})

// payment.refunded (a Kassa extension, docs/WEBHOOKS.md): the seed's fields unchanged and in
// their order, then `refund` and `amount_refunded`.
test('payment.refunded: the seed’s fields first and unchanged, then the refund and the total refunded', async () => {
  const { refundedWebhookBody } = await import('./webhook-body.js')
  const view = {
    id: 'p1',
    orderId: 'A-1',
    currency: 'USDT_TRC20' as const,
    due: 100_010_000n,
    received: 100_010_000n,
    txHash: 't1',
    confirmedAt: 1_736_944_200_000,
    status: 'completed' as const,
    metadata: { sku: 7 },
  }
  const body = refundedWebhookBody(view, { id: 'r1', amount: 40_000_000n, txHash: 't2', address: 'TAddr', totalRefunded: 60_500_000n })
  const seed = webhookBody('payment.refunded', view)
  assert.ok(body.startsWith(seed.slice(0, -1) + ','), `seed fields first, unchanged: ${body}`)
  assert.equal(
    body.slice(seed.length - 1),
    ',"refund":{"id":"r1","amount":40.00,"tx_hash":"t2","address":"TAddr"},"amount_refunded":60.50}',
  )
  const parsed = JSON.parse(body)
  assert.equal(parsed.event, 'payment.refunded')
  assert.equal(parsed.status, 'completed')
  assert.deepEqual(parsed.metadata, { sku: 7 })
})
