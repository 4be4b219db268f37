import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ERROR_STATUS } from './app-error.js'

// Codes are a public contract: each maps to a status (by type) and is documented for clients.
test('every error code is documented in docs/ERRORS.md with its status', () => {
  const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8')
  for (const [code, status] of Object.entries(ERROR_STATUS)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} (${status}) missing from docs/ERRORS.md`)
  }
})

test('statuses are the ones the seed uses, plus 409/429/503 for conflicts, floods and outages', () => {
  for (const status of Object.values(ERROR_STATUS)) assert.ok([400, 401, 403, 404, 409, 429, 500, 503].includes(status))
})
