import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verifyWebhook, webhookSignature } from './index.js'

const body = '{"event":"payment.completed","payment_id":"p1","amount":100.14,"metadata":{"user_id":42}}'
const ts = '1760000000'
const now = 1760000010

test('accepts a correct signature (plain object or Headers), refuses a changed body or another secret', () => {
  const headers = { 'X-Timestamp': ts, 'X-Signature': webhookSignature('whsec_a', ts, body) }
  const ok = verifyWebhook(body, headers, 'whsec_a', 300, now)
  assert.equal(ok.ok, true)
  assert.equal(ok.ok && ok.event.payment_id, 'p1')
  assert.equal(verifyWebhook(Buffer.from(body), new Headers(headers), 'whsec_a', 300, now).ok, true)
  assert.deepEqual(verifyWebhook(body.replace('100.14', '100.15'), headers, 'whsec_a', 300, now), { ok: false, reason: 'bad_signature' })
  assert.deepEqual(verifyWebhook(body, headers, 'whsec_b', 300, now), { ok: false, reason: 'bad_signature' })
})

test('during a rotation either secret passes, and X-Signature-Previous serves a receiver with only the old one', () => {
  const headers = {
    'x-timestamp': ts,
    'x-signature': webhookSignature('whsec_new', ts, body),
    'x-signature-previous': webhookSignature('whsec_old', ts, body),
  }
  assert.equal(verifyWebhook(body, headers, ['whsec_new', 'whsec_old'], 300, now).ok, true)
  assert.equal(verifyWebhook(body, headers, 'whsec_old', 300, now).ok, true)
  assert.equal(
    verifyWebhook(body, { 'x-timestamp': ts, 'x-signature': headers['x-signature'] }, ['whsec_old', 'whsec_new'], 300, now).ok,
    true,
  )
  assert.equal(verifyWebhook(body, { 'x-timestamp': ts, 'x-signature': headers['x-signature'] }, 'whsec_old', 300, now).ok, false)
})

test('stale or malformed timestamps and missing headers are refused', () => {
  const headers = { 'x-timestamp': ts, 'x-signature': webhookSignature('s', ts, body) }
  assert.deepEqual(verifyWebhook(body, headers, 's', 300, Number(ts) + 301), { ok: false, reason: 'stale_timestamp' })
  assert.equal(verifyWebhook(body, headers, 's', 0, Number(ts) + 86_400).ok, true)
  assert.deepEqual(verifyWebhook(body, { ...headers, 'x-timestamp': '17e8' }, 's', 300, now), { ok: false, reason: 'bad_timestamp' })
  assert.deepEqual(verifyWebhook(body, { 'x-timestamp': ts }, 's', 300, now), { ok: false, reason: 'missing_headers' })
})
