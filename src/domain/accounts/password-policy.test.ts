import assert from 'node:assert/strict'
import { test } from 'node:test'
import { emailProblem, passwordProblem } from './password-policy.js'

test('weak passwords are refused with a reason a person can act on', () => {
  assert.match(passwordProblem('short', 'a@b.co') ?? '', /at least 10/)
  assert.match(passwordProblem('Password123', 'a@b.co') ?? '', /most common/)
  assert.match(passwordProblem('aaaaaaaaaaaa', 'a@b.co') ?? '', /too few/)
  assert.match(passwordProblem('alice-secret-2026', 'alice@example.com') ?? '', /email/)
  assert.match(passwordProblem('x'.repeat(150) + 'abcdefghij'.repeat(6), 'a@b.co') ?? '', /at most 200/)
  assert.equal(passwordProblem('correct horse battery', 'alice@example.com'), null)
})

test('email addresses need a local part, a domain with a dot, and no spaces', () => {
  assert.equal(emailProblem('alice@example.com'), null)
  for (const bad of ['alice', 'alice@', '@example.com', 'alice@example', 'al ice@example.com', `${'a'.repeat(250)}@x.io`]) {
    assert.notEqual(emailProblem(bad), null, bad)
  }
})
