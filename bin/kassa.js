#!/usr/bin/env node
// The `kassa` command. Runs the bundled CLI and server, dist/kassa.js (scripts/bundle.js: one
// file loads in about 60 % of the time of dist/'s ~1,100 modules). npm install builds it via
// the prepare script.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/kassa.js', import.meta.url)
if (!existsSync(compiled)) {
  console.error('kassa: dist/kassa.js is missing; run `npm run build` (npm install does it for you).')
  process.exit(1)
}
await import(compiled.href)
