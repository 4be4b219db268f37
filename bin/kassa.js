#!/usr/bin/env node
// The `kassa` command. Runs the compiled CLI (npm install builds it via the prepare script).
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(compiled)) {
  console.error('kassa: dist/ is missing; run `npm run build` (npm install does it for you).')
  process.exit(1)
}
await import(compiled.href)
