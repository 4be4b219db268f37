import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from './config.js'

test('webhook defaults: 10 s timeout, 5 retries 1 min … 6 h, public receivers only, no operator routes', () => {
  const c = loadConfig({})
  assert.deepEqual(c.webhooks, {
    timeoutMs: 10_000,
    retryDelaysMs: [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000],
    allowPrivate: false,
    concurrency: 64,
    storeConcurrency: 8,
    pollMs: 25,
  })
  assert.equal(c.operatorToken, undefined)
})

test('webhook variables are read and checked', () => {
  const c = loadConfig({
    KASSA_WEBHOOK_TIMEOUT_MS: '500',
    KASSA_WEBHOOK_RETRY_DELAYS: '10ms,1s,2m',
    KASSA_WEBHOOK_ALLOW_PRIVATE: '1',
    KASSA_WEBHOOK_CONCURRENCY: '16',
    KASSA_WEBHOOK_STORE_CONCURRENCY: '4',
    KASSA_WEBHOOK_POLL_MS: '100',
    KASSA_OPERATOR_TOKEN: 'a-long-enough-operator-token',
  })
  assert.deepEqual(c.webhooks, {
    timeoutMs: 500,
    retryDelaysMs: [10, 1000, 120_000],
    allowPrivate: true,
    concurrency: 16,
    storeConcurrency: 4,
    pollMs: 100,
  })
  assert.equal(c.operatorToken, 'a-long-enough-operator-token')
  assert.throws(() => loadConfig({ KASSA_WEBHOOK_RETRY_DELAYS: '1 day' }), /KASSA_WEBHOOK_RETRY_DELAYS/)
  assert.throws(() => loadConfig({ KASSA_WEBHOOK_TIMEOUT_MS: '0' }), /KASSA_WEBHOOK_TIMEOUT_MS/)
  assert.throws(() => loadConfig({ KASSA_WEBHOOK_ALLOW_PRIVATE: 'yes' }), /KASSA_WEBHOOK_ALLOW_PRIVATE/)
  assert.throws(() => loadConfig({ KASSA_OPERATOR_TOKEN: 'short' }), /KASSA_OPERATOR_TOKEN/)
})
