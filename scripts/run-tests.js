#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...find(path))
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const filter = process.argv[2]
const files = [...find('src'), ...find('test')].filter((f) => !filter || f.includes(filter)).sort()
// With no file, `node --test` would search the tree itself and run everything it finds.
if (files.length === 0) {
  console.error(`no test file's path contains "${filter}"`)
  process.exit(1)
}
// The usual reporter (spec on a terminal, TAP otherwise) on stdout, and a list of the failed
// tests on stderr once everything has run (scripts/failures-reporter.js).
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/failures-reporter.js',
  '--test-reporter-destination=stderr',
]
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporters, ...files], {
  stdio: 'inherit',
  env: { ...process.env, KASSA_LOG_LEVEL: process.env.KASSA_LOG_LEVEL ?? 'silent' },
})
process.exit(result.status ?? 1)
