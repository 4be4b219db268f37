// Kassa on PostgreSQL (issue 17; docs/PERFORMANCE.md). Run: npm run build && node bench/postgres.js
//
// 1. Ceiling: bench/bare-server.js, as bench/run.js measures it.
// 2. A fresh database on the local PostgreSQL (dropped at the end), autovacuum disabled on its
//    tables (as a fresh database on a server with autovacuum off: no statistics ever), and
//    `kassa serve` on it as `npm start` runs it (simulated networks, block timer off).
// 3. Two stores by the CLI: BTC (unique_address) and USDT_TRC20 (unique_amount); for each,
//    signed status reads, then signed creates (each create a distinct whole-USDT amount, so
//    every one takes a slot and none queues).
// 4. Two instances: a second `kassa serve` on the same database; creates on each store with
//    one instance (all connections) and with both (half the connections each).
// 5. amount_slots: the unique-amount store filled to BENCH_PG_SLOT_ROWS slots by creates, then
//    creates measured one at a time and with all connections.
// 6. The statements of a status read and of a create of each store, counted in a separate
//    server run with bench/lib/pg-statement-trace.js (never in a measured one), and their
//    EXPLAIN (ANALYZE, BUFFERS) plans: first as loaded (never analyzed), then after ANALYZE.
//    Writes run inside a transaction that is rolled back.
// Everything is sequential and on 127.0.0.1; every wait is bounded.
//
// Environment: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (50),
// BENCH_PG_SLOT_ROWS (30000; 0 skips step 5), BENCH_PG_ADMIN_URL
// (postgres://postgres@127.0.0.1:5432/postgres; a database on another host is refused).
// Exit code: 0 a clean run; 1 invalid (errors, non-2xx, crash). Results:
// bench/results/postgres-latest.json.
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { intEnv } from './int-env.js'
import { InvalidBenchmark, cannon, measure, summarise } from './lib/load.js'
import { codeDigest, distIsFresh, loadAverage, machine, readRssMb, round } from './lib/machine.js'
import { activitySampler } from './lib/pg-activity.js'
import { explainStatements, requestStatements } from './lib/pg-plans.js'
import { HOST, ROOT, START_NODE_FLAGS, freePort, runFile, sleep, spawnNode, stop, stopAll, waitReady } from './lib/processes.js'
import { getSigner, signedFetch, signedPostHeaders } from './lib/signing.js'

const SECONDS = intEnv('BENCH_SECONDS', 15, 1, 600)
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 3, 0, 60)
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 2, 1000)
const SLOT_ROWS = intEnv('BENCH_PG_SLOT_ROWS', 30_000, 0, 1_000_000)
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const CENSUS_REQUESTS = 50
const timing = { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }

if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(ADMIN_URL).hostname)) {
  console.error(`BENCH_PG_ADMIN_URL must point at this machine (127.0.0.1), not ${new URL(ADMIN_URL).hostname}`)
  process.exit(1)
}

const DB_NAME = `kassa_bench_${randomBytes(5).toString('hex')}`
const DB_URL = (() => {
  const u = new URL(ADMIN_URL)
  u.pathname = `/${DB_NAME}`
  return u.toString()
})()
const tempDir = mkdtempSync(join(os.tmpdir(), 'kassa-pgbench-'))

/** Runs `fn` on a fresh client of `url`, closed afterwards. */
async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
const admin = (fn) => withClient(ADMIN_URL, fn)
const onBenchDb = (fn) => withClient(DB_URL, fn)

// Shared by every instance and the CLI: the store secrets are encrypted with it.
const MASTER_KEY = randomBytes(32).toString('base64')

const serverEnv = (port, extra = {}) => ({
  DATABASE_URL: DB_URL,
  KASSA_DATA_DIR: join(tempDir, `data-${port}`),
  KASSA_MASTER_KEY: MASTER_KEY,
  PORT: String(port),
  HOST,
  KASSA_SIM_BLOCK_SECONDS: '0',
  KASSA_LOG_LEVEL: 'warn',
  KASSA_PUBLIC_URL: '',
  ...extra,
})

async function startServer(extraEnv = {}, nodeFlags = []) {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawnNode([...START_NODE_FLAGS, ...nodeFlags, 'bin/kassa.js', 'serve'], serverEnv(port, extraEnv))
  const readyMs = await waitReady(child, port, t0, 60_000)
  return { child, port, readyMs: round(readyMs, 1) }
}

async function createStore(port, name, currencies) {
  const text = await runFile(['bin/kassa.js', 'store', 'create', '--name', name, '--currencies', currencies, '--json'], serverEnv(port))
  const creds = JSON.parse(text.trim().split('\n').at(-1))
  if (!creds.api_key || !creds.api_secret) throw new Error(`store create printed no credentials: ${text}`)
  return creds
}

/** Create bodies of a store: BTC 0.001 each; USDT a distinct whole amount each, so no two share a slot window. */
function createBody(store, n) {
  return store.kind === 'btc' ? `{"amount":"0.001","order_id":"bench-btc-${n}"}` : `{"amount":"${10 + n}","order_id":"bench-usdt-${n}"}`
}

const CREATE_PATH = '/api/v1/payment/create'

function createRequests(store) {
  return () => ({
    method: 'POST',
    path: CREATE_PATH,
    setupRequest(req) {
      const body = createBody(store, ++store.n)
      req.body = body
      req.headers = { ...req.headers, ...signedPostHeaders(store.creds, CREATE_PATH, body) }
      return req
    },
  })
}

function statusRequests(store) {
  const headers = getSigner(store.creds, store.statusPath)
  return () => ({
    method: 'GET',
    path: store.statusPath,
    setupRequest(req) {
      req.headers = { ...req.headers, ...headers() }
      return req
    },
  })
}

const one = (port, makeRequest, connections = CONNECTIONS) => [{ port, connections, makeRequest }]

/** Filled as the run goes, so that a failed run still records what it measured. */
const out = {}

async function main() {
  const m = machine()
  Object.assign(out, {
    date: new Date().toISOString(),
    command: 'npm run build && node bench/postgres.js',
    env: { BENCH_SECONDS: SECONDS, BENCH_WARMUP_SECONDS: WARMUP_SECONDS, BENCH_CONNECTIONS: CONNECTIONS, BENCH_PG_SLOT_ROWS: SLOT_ROWS },
    machine: m,
    code: { ...codeDigest(), distBuiltAfterSrc: distIsFresh() },
    loadAverageAtStart: loadAverage(),
    valid: false,
  })
  console.log(`Kassa on PostgreSQL — ${m.cpuModel}, ${m.nproc} CPU, node ${m.node}; load average ${out.loadAverageAtStart}`)
  console.log(
    `code measured: sha256 ${out.code.sha256}; autocannon ${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up\n`,
  )

  // 1. Ceiling ----------------------------------------------------------------------------------
  console.log('1. Ceiling: bare Fastify')
  const barePort = await freePort()
  const bare = spawnNode(['bench/bare-server.js'], { PORT: String(barePort) })
  await waitReady(bare, barePort, performance.now())
  const barePath = '/api/v1/payment/da2de618-a303-419f-9cfb-39a27d6dc27b'
  out.ceiling = await measure(
    'ceiling',
    { targets: one(barePort, () => ({ method: 'GET', path: barePath })), serverPids: [bare.pid] },
    timing,
  )
  await stop(bare)

  // 2. Database and server ------------------------------------------------------------------------
  console.log(`\n2. Fresh database ${DB_NAME} and kassa serve`)
  out.postgres = await admin(async (c) => {
    await c.query(`create database ${DB_NAME}`)
    const v = await c.query('select version() as v, current_setting($1) as autovacuum', ['autovacuum'])
    return { version: v.rows[0].v, serverAutovacuum: v.rows[0].autovacuum, database: DB_NAME }
  })
  console.log(`  ${out.postgres.version}; server autovacuum ${out.postgres.serverAutovacuum}`)
  const a = await startServer()
  console.log(`  instance A ready in ${a.readyMs} ms (migrations included)`)
  // As on a server with autovacuum off, whatever this server's setting: no table gets statistics
  // until step 6 runs ANALYZE.
  out.postgres.tablesWithAutovacuumDisabled = await onBenchDb(async (c) => {
    const t = await c.query(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'kassa_migrations%'`)
    for (const { tablename } of t.rows) await c.query(`alter table "${tablename}" set (autovacuum_enabled = false)`)
    return t.rows.length
  })
  const dbNeedle = ` ${DB_NAME} ` // backends are titled "postgres: user database host state"
  const sampler = activitySampler(ADMIN_URL, DB_NAME)

  const stores = {
    btc: { kind: 'btc', label: 'BTC (unique_address)', n: 0, creds: await createStore(a.port, 'Bench BTC', 'BTC:unique_address') },
    usdt: {
      kind: 'usdt',
      label: 'USDT_TRC20 (unique_amount)',
      n: 0,
      creds: await createStore(a.port, 'Bench USDT', 'USDT_TRC20:unique_amount'),
    },
  }
  for (const s of Object.values(stores)) {
    const first = await signedFetch(a.port, s.creds, 'POST', CREATE_PATH, createBody(s, 0))
    s.statusPath = `/api/v1/payment/${first.json.data.payment_id}`
    s.statusBytes = Buffer.byteLength((await signedFetch(a.port, s.creds, 'GET', s.statusPath)).text)
    console.log(`  store ${s.label}: ${s.creds.store_id}; status body ${s.statusBytes} bytes`)
  }

  // 3. Status and create per store ---------------------------------------------------------------
  out.stores = {}
  for (const [key, s] of Object.entries(stores)) {
    console.log(`\n3. ${s.label}`)
    const r = (out.stores[key] = { label: s.label, statusBodyBytes: s.statusBytes })
    r.status = await measure(
      `status ${key}`,
      { targets: one(a.port, statusRequests(s)), serverPids: [a.child.pid], dbNeedle, sampler },
      timing,
    )
    r.create = await measure(
      `create ${key}`,
      { targets: one(a.port, createRequests(s)), serverPids: [a.child.pid], dbNeedle, sampler },
      timing,
    )
  }

  // 4. Two instances ------------------------------------------------------------------------------
  console.log('\n4. Two instances on one database: creates with A alone, then with A and B sharing the connections')
  const b = await startServer()
  console.log(`  instance B ready in ${b.readyMs} ms`)
  const half = Math.floor(CONNECTIONS / 2)
  out.twoInstances = { connections: CONNECTIONS }
  for (const [key, s] of Object.entries(stores)) {
    const r = (out.twoInstances[key] = {})
    r.one = await measure(
      `create ${key}, instance A alone`,
      { targets: one(a.port, createRequests(s)), serverPids: [a.child.pid], dbNeedle, sampler },
      timing,
    )
    r.two = await measure(
      `create ${key}, A and B together`,
      {
        targets: [
          { port: a.port, connections: half, makeRequest: createRequests(s) },
          { port: b.port, connections: CONNECTIONS - half, makeRequest: createRequests(s) },
        ],
        serverPids: [a.child.pid, b.child.pid],
        dbNeedle,
        sampler,
      },
      timing,
    )
    r.combinedVsOne = round(r.two.reqPerSecMean / r.one.reqPerSecMean, 3)
  }
  await stop(b.child)

  // 5. amount_slots at SLOT_ROWS -------------------------------------------------------------------
  const { btc, usdt } = stores
  const slotCount = () => onBenchDb(async (c) => Number((await c.query('select count(*) as n from amount_slots')).rows[0].n))
  if (SLOT_ROWS > 0) {
    const have = await slotCount()
    console.log(`\n5. amount_slots: ${have} slots, filling to ${SLOT_ROWS} by creates`)
    if (have < SLOT_ROWS) {
      const fill = summarise(
        await cannon({
          targets: one(a.port, createRequests(usdt)),
          amount: SLOT_ROWS - have,
          serverPids: [a.child.pid],
          dbNeedle,
          sampler,
        }),
      )
      if (fill.non2xx + fill.errors + fill.timeouts > 0) throw new InvalidBenchmark(`slot fill: ${fill.errorSamples.join('\n')}`)
      console.log(`  filled in ${fill.durationS} s (${round(fill.requestsTotal / fill.durationS, 0)} creates/s)`)
    }
    out.slots = { rows: await slotCount() }
    out.slots.serial = await measure(
      `create usdt at ${out.slots.rows} slots, 1 connection`,
      { targets: one(a.port, createRequests(usdt), 1), serverPids: [a.child.pid], dbNeedle, sampler },
      { seconds: Math.min(SECONDS, 5), warmupSeconds: 0 },
    )
    out.slots.loaded = await measure(
      `create usdt at ${out.slots.rows} slots, ${CONNECTIONS} connections`,
      { targets: one(a.port, createRequests(usdt)), serverPids: [a.child.pid], dbNeedle, sampler },
      { seconds: SECONDS, warmupSeconds: 0 },
    )
  }
  out.server = { pid: a.child.pid, ...readRssMb(a.child.pid) }
  await stop(a.child)

  // What the runs left: every USDT create must have taken a slot (pending), none queued.
  out.paymentsByStatus = await onBenchDb(async (c) => {
    const r = await c.query('select store_id, status, count(*)::int as n from payments group by 1, 2 order by 1, 2')
    return r.rows
  })
  const queued = out.paymentsByStatus.filter((r) => r.status === 'queued').reduce((n, r) => n + r.n, 0)
  if (queued > 0) console.log(`  note: ${queued} payments ended queued`)

  // 6. Statements and plans -----------------------------------------------------------------------
  console.log(`\n6. Statements of each request (${CENSUS_REQUESTS} of each, in a traced server) and their plans`)
  const traceFile = join(tempDir, 'pg-trace.json')
  const t = await startServer({ BENCH_PG_TRACE: traceFile }, ['--import', './bench/lib/pg-statement-trace.js'])
  const census = async (fn) => {
    t.child.kill('SIGUSR2') // starts a fresh census
    await sleep(100)
    const t0 = performance.now()
    for (let i = 0; i < CENSUS_REQUESTS; i++) await fn(i)
    const windowS = (performance.now() - t0) / 1000
    t.child.kill('SIGUSR2')
    await sleep(200)
    return { windowS, statements: JSON.parse(readFileSync(traceFile, 'utf8')) }
  }
  const idle = await census(() => sleep(20))
  const kinds = {
    'status read (PaymentRepository.summary)': () => census(() => signedFetch(t.port, btc.creds, 'GET', btc.statusPath)),
    'create, BTC unique_address': () => census(() => signedFetch(t.port, btc.creds, 'POST', CREATE_PATH, createBody(btc, ++btc.n))),
    'create, USDT_TRC20 unique_amount': () =>
      census(() => signedFetch(t.port, usdt.creds, 'POST', CREATE_PATH, createBody(usdt, ++usdt.n))),
  }
  const traced = {}
  for (const [kind, run] of Object.entries(kinds)) traced[kind] = requestStatements(await run(), idle, CENSUS_REQUESTS)
  await stop(t.child)

  out.statements = {}
  for (const [kind, list] of Object.entries(traced)) {
    const line = (s) => `${s.perRequest}× ${s.sql.slice(0, 40).replace(/\s+/g, ' ')}${s.ofRequest ? '' : ' (background)'}`
    console.log(`  ${kind}: ${list.map(line).join(' | ')}`)
    out.statements[kind] = list
  }
  const all = Object.values(traced).flat()
  await onBenchDb(async (c) => {
    const before = await explainStatements(c, all)
    await c.query('analyze')
    const after = await explainStatements(c, all)
    for (const list of Object.values(out.statements)) {
      for (const s of list) {
        s.planWithoutStatistics = before.get(s.sql)
        s.planAfterAnalyze = after.get(s.sql)
      }
    }
  })
  out.slotsAtPlans = await slotCount()
  out.valid = true
}

function printTable() {
  const rows = [['run', 'req/s', 'p50 ms', 'p99 ms', 'server µs/req', 'PostgreSQL µs/req', '× ceiling µs', 'other procs %']]
  const ceil = out.ceiling?.cpu.serverCpuUsPerRequest
  const add = (name, s) =>
    s &&
    rows.push([
      name,
      String(s.reqPerSecMean),
      String(s.latencyMs.p50),
      String(s.latencyMs.p99),
      String(s.cpu.serverCpuUsPerRequest),
      String(s.cpu.dbCpuUsPerRequest ?? '–'),
      ceil ? String(round(s.cpu.serverCpuUsPerRequest / ceil, 2)) : '–',
      String(s.cpu.otherProcessesPctOfMachine),
    ])
  add('ceiling', out.ceiling)
  for (const [k, r] of Object.entries(out.stores ?? {})) {
    add(`status ${k}`, r.status)
    add(`create ${k}`, r.create)
  }
  for (const [k, r] of Object.entries(out.twoInstances ?? {})) {
    if (typeof r !== 'object') continue
    add(`create ${k}, instance A alone`, r.one)
    add(`create ${k}, A and B together`, r.two)
  }
  add(`create usdt at ${out.slots?.rows} slots, 1 conn`, out.slots?.serial)
  add(`create usdt at ${out.slots?.rows} slots`, out.slots?.loaded)
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  console.log('')
  for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`)
  for (const [k, r] of Object.entries(out.twoInstances ?? {})) {
    if (r?.combinedVsOne) console.log(`  two instances / one, ${k}: ${r.combinedVsOne}× create req/s`)
  }
}

function writeResults(data) {
  const dir = join(ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'postgres-latest.json')
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
  console.log(`\n  results: ${file}`)
}

let code = 0
try {
  await main()
  out.loadAverageAtEnd = loadAverage()
  printTable()
  writeResults(out)
} catch (err) {
  console.error(`\n${err instanceof InvalidBenchmark ? 'INVALID BENCHMARK' : 'BENCHMARK FAILED'}: ${err.stack ?? err.message}`)
  code = 1
  try {
    writeResults({ ...out, valid: false, error: err.message })
  } catch {}
} finally {
  await stopAll()
  await admin((c) => c.query(`drop database if exists ${DB_NAME} with (force)`)).catch((e) => console.error(`drop database: ${e.message}`))
  rmSync(tempDir, { recursive: true, force: true })
}
process.exit(code)
