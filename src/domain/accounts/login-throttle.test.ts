import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EMAIL_RULE, lockRemaining, recordFailure } from './login-throttle.js'
import type { ThrottleCounter } from './login-throttle.js'

test('the fifth failure in the window locks for a minute, each further one doubles it, up to an hour', () => {
  let c: ThrottleCounter | undefined
  const t0 = 1_000_000
  for (let i = 1; i <= 4; i++) {
    c = recordFailure('email:a@b.co', c, EMAIL_RULE, t0 + i)
    assert.equal(lockRemaining(c, t0 + i), 0, `failure ${i} does not lock`)
  }
  c = recordFailure('email:a@b.co', c, EMAIL_RULE, t0 + 5)
  assert.equal(lockRemaining(c, t0 + 5), 60_000)
  c = recordFailure('email:a@b.co', c, EMAIL_RULE, t0 + 6)
  assert.equal(lockRemaining(c, t0 + 6), 120_000)
  for (let i = 0; i < 20; i++) c = recordFailure('email:a@b.co', c, EMAIL_RULE, t0 + 7)
  assert.equal(lockRemaining(c, t0 + 7), 3_600_000)
  assert.equal(lockRemaining(c, t0 + 7 + 3_600_000), 0, 'the lock ends by itself')
})

test('a failure after the window has passed starts a new count', () => {
  let c: ThrottleCounter | undefined
  for (let i = 0; i < 4; i++) c = recordFailure('k', c, EMAIL_RULE, 0)
  c = recordFailure('k', c, EMAIL_RULE, EMAIL_RULE.windowMs + 1)
  assert.equal(c.failures, 1)
  assert.equal(lockRemaining(c, EMAIL_RULE.windowMs + 1), 0)
})
