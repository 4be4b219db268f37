#!/usr/bin/env node
// Regenerates docs/screenshots/*.png: runs the browser tests with KASSA_SCREENSHOTS=1, which
// makes them save a picture of each page state they reach (test/support/browser.ts).
import { spawnSync } from 'node:child_process'

import { readdirSync } from 'node:fs'

// Every browser test file: the buyer's pages and widgets, and the dashboard's.
const files = readdirSync('test/web')
  .filter((f) => f.endsWith('.browser.test.ts'))
  .sort()
  .map((f) => `test/web/${f}`)
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, KASSA_SCREENSHOTS: '1', KASSA_REQUIRE_BROWSER: '1', KASSA_LOG_LEVEL: 'silent' },
})
process.exit(result.status ?? 1)
