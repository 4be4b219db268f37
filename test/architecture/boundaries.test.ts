import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { architectureReport } from '../../scripts/architecture-report.js'

// The layering rules of docs/ARCHITECTURE.md, held at zero: a change that breaks one fails here
// with the places named. `node scripts/architecture-report.js --list` shows the same counts.
const report = architectureReport()

test('no query builder outside src/db/: each table has one owner in db/repositories/', () => {
  assert.deepEqual(report.queries, [])
})

test('rows stop at the repository: no table row types outside src/db/', () => {
  assert.deepEqual(report.rowTypes, [])
})

test('no import circles in src/', () => {
  assert.deepEqual(report.circles, [])
})

test('only app/ and the CLI entry points see the whole application object', () => {
  const allowed = (f: string) => f.startsWith('src/app/') || f === 'src/cli/cli-context.ts' || f === 'src/cli/serve-command.ts'
  assert.deepEqual(
    report.kassaImporters.filter((f) => !allowed(f)),
    [],
  )
})

test('domain/ is plain TypeScript: no HTTP, database, chain SDK or outer layer', () => {
  const outer = /^src\/(db|http|web|jobs|services|app|cli|chains)\//
  const offenders: string[] = []
  for (const [file, imports] of report.imports) {
    if (!file.startsWith('src/domain/')) continue
    for (const i of imports) if (outer.test(i)) offenders.push(`${file} → ${i}`)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/from '((?:fastify|kysely|viem|pg|better-sqlite3|pino|bitcoinjs-lib)[^']*)'/g))
      offenders.push(`${file} → ${m[1]}`)
  }
  assert.deepEqual(offenders, [])
})

test('swap and payouts flow one way: services never import jobs/', () => {
  const offenders = [...report.imports].flatMap(([file, imports]) =>
    file.startsWith('src/services/') ? imports.filter((i) => i.startsWith('src/jobs/')).map((i) => `${file} → ${i}`) : [],
  )
  assert.deepEqual(offenders, [])
})
