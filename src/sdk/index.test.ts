import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { verifyWebhook, webhookSignature } from './index.js'
import type { VerifyWebhookResult, WebhookEvent, WebhookHeaders } from './index.js'

// `kassa/sdk` is the one module other programs import (package.json "exports"): adding,
// renaming or dropping a name there is a breaking change for them, so it has to show here.
const SURFACE = ['verifyWebhook', 'webhookSignature']

test('the kassa/sdk source exports exactly its public names', async () => {
  assert.deepEqual(Object.keys(await import('./index.js')).sort(), SURFACE)
})

test('the package export kassa/sdk resolves to the build of this module, with the same names', async (t) => {
  // A name in a variable: tsc must not resolve it, dist/ does not exist before the build.
  const specifier: string = 'kassa/sdk'
  const built = fileURLToPath(import.meta.resolve(specifier))
  assert.match(built, /\/dist\/sdk\/index\.js$/)
  if (!existsSync(built)) {
    // `npm test` builds before it runs the tests; a targeted run may come before any build.
    if (process.env.CI) assert.fail(`${built} is missing: npm run build did not run`)
    t.skip('dist/ is not built (npm run build)')
    return
  }
  assert.deepEqual(Object.keys(await import(specifier)).sort(), SURFACE)
})

// The exported types are part of the surface too: the typecheck fails if one goes away.
test('the exported types name what verifyWebhook takes and gives', () => {
  const body = '{"event":"payment.completed","payment_id":"p1"}'
  const headers: WebhookHeaders = { 'x-timestamp': '1760000000', 'x-signature': webhookSignature('s', '1760000000', body) }
  const result: VerifyWebhookResult = verifyWebhook(body, headers, 's', 300, 1760000000)
  const event: WebhookEvent | undefined = result.ok ? result.event : undefined
  assert.equal(event?.payment_id, 'p1')
})
