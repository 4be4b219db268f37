// Experiment preload, not used by bench/run.js: node --import ./bench/sql-probe.js bin/kassa.js serve
//
// BENCH_SQL_TRACE=<file>: counts better-sqlite3 prepare() calls and times prepare vs execution
//   (all/get/run) per SQL text; written to <file> on SIGUSR2.
// BENCH_STMT_CACHE=1: makes Database#prepare return a cached Statement per SQL text, to measure
//   what a prepared-statement cache in src/db/dialect.ts would give, without touching src/.
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const Database = require('better-sqlite3')
const traceFile = process.env.BENCH_SQL_TRACE
const cache = process.env.BENCH_STMT_CACHE === '1'

const stats = new Map()
const stat = (sql) => {
  let s = stats.get(sql)
  if (!s) stats.set(sql, (s = { prepares: 0, prepareUs: 0, execs: 0, execUs: 0, execMaxUs: 0, execsOver5ms: 0 }))
  return s
}

const origPrepare = Database.prototype.prepare
const cached = new Map()
Database.prototype.prepare = function prepare(sql) {
  if (cache) {
    const hit = cached.get(sql)
    if (hit) {
      if (traceFile) stat(sql).prepares++
      return hit
    }
  }
  const t = traceFile ? performance.now() : 0
  const stmt = origPrepare.call(this, sql)
  if (traceFile) {
    const s = stat(sql)
    s.prepares++
    s.prepareUs += (performance.now() - t) * 1000
  }
  if (cache && cached.size < 1000) cached.set(sql, stmt)
  return stmt
}

if (traceFile) {
  const Statement = Object.getPrototypeOf(origPrepare.call(new Database(':memory:'), 'select 1'))
  for (const m of ['all', 'get', 'run']) {
    const orig = Statement[m]
    Statement[m] = function (...args) {
      const t = performance.now()
      try {
        return orig.apply(this, args)
      } finally {
        const s = stat(this.source)
        const us = (performance.now() - t) * 1000
        s.execs++
        s.execUs += us
        if (us > s.execMaxUs) s.execMaxUs = us
        if (us > 5000) s.execsOver5ms++
      }
    }
  }
  process.on('SIGUSR2', () => {
    const rows = [...stats]
      .filter(([, s]) => s.execs >= 10)
      .sort((a, b) => b[1].prepareUs + b[1].execUs - a[1].prepareUs - a[1].execUs)
      .map(([sql, s]) => ({
        sql: sql.length > 160 ? sql.slice(0, 160) + '…' : sql,
        prepares: s.prepares,
        execs: s.execs,
        prepareUsPerCall: Math.round((s.prepareUs / Math.max(1, s.prepares)) * 10) / 10,
        execUsPerCall: Math.round((s.execUs / Math.max(1, s.execs)) * 10) / 10,
        prepareMsTotal: Math.round(s.prepareUs / 1000),
        execMsTotal: Math.round(s.execUs / 1000),
        execMaxMs: Math.round(s.execMaxUs / 100) / 10,
        execsOver5ms: s.execsOver5ms,
      }))
    writeFileSync(traceFile, JSON.stringify(rows, null, 2))
  })
}
