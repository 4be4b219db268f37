// Preload for bench/postgres.js's statement census, never for a measured server:
//   node --import ./bench/lib/pg-statement-trace.js bin/kassa.js serve
// Counts every statement node-postgres sends (SQL text, calls, time to answer) and keeps the
// parameters of its first call, so the benchmark can EXPLAIN exactly what the code runs.
// SIGUSR2 writes the census to $BENCH_PG_TRACE (JSON) and starts a new one.
import { writeFileSync } from 'node:fs'
import pg from 'pg'

const file = process.env.BENCH_PG_TRACE
if (!file) throw new Error('pg-statement-trace: set BENCH_PG_TRACE to the file to write')

let census = new Map()
const original = pg.Client.prototype.query
pg.Client.prototype.query = function query(...args) {
  const [config, values, callback] = args
  const text = typeof config === 'string' ? config : config?.text
  const params = Array.isArray(values) ? values : config?.values
  if (typeof text !== 'string' || typeof values === 'function' || typeof callback === 'function') return original.apply(this, args)
  let s = census.get(text)
  if (!s) census.set(text, (s = { sql: text, calls: 0, totalMs: 0, params: params ?? [] }))
  s.calls++
  const t = performance.now()
  const p = original.apply(this, args)
  if (p && typeof p.then === 'function') {
    p.then(
      () => (s.totalMs += performance.now() - t),
      () => undefined,
    )
  }
  return p
}

process.on('SIGUSR2', () => {
  const statements = [...census.values()].map((s) => ({ ...s, totalMs: Math.round(s.totalMs * 1000) / 1000 }))
  writeFileSync(file, JSON.stringify(statements))
  census = new Map()
})
