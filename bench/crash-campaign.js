#!/usr/bin/env node
// The crash campaign (docs/RELIABILITY.md, "Crash campaign"): a real `kassa serve` under load,
// killed with SIGKILL N times at seeded random moments and restarted, then checked.
// Run: npm run build && node bench/crash-campaign.js --db sqlite|postgres --kills 30 --seed 16
// Options: --concurrency C (creating workers, 4), --create-rate R (creates/s, 15),
// --min-up/--max-up MS (time up between kills, 3000–8000), --max-down MS (1000), --keep, --json.
// PostgreSQL: a fresh database on TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// dropped after. Everything runs on 127.0.0.1 and stops by itself. Exit 0 when every check passed.
// The logic is TypeScript in test/campaign/ (shared with the CI test); this runs it through tsx.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!existsSync(`${root}dist/kassa.js`)) {
  console.error('crash-campaign: dist/kassa.js is missing; run `npm run build` first (the campaign runs bin/kassa.js)')
  process.exit(2)
}
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/campaign/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
