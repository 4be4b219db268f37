import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_RETRY_DELAYS_MS, parseDelays, retryDelay } from './retry-schedule.js'

test('five growing retries by default, then none', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, DEFAULT_RETRY_DELAYS_MS)),
    [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, null],
  )
  assert.equal(retryDelay(0, DEFAULT_RETRY_DELAYS_MS), null)
})

test('delay lists parse with units; nonsense is refused', () => {
  assert.deepEqual(parseDelays('1m, 5m,30m,2h,6h'), [...DEFAULT_RETRY_DELAYS_MS])
  assert.deepEqual(parseDelays('50ms,1s,200'), [50, 1000, 200])
  for (const bad of ['', '1d', '-1s', '1.5s', 'x']) assert.throws(() => parseDelays(bad), Error, bad)
})
