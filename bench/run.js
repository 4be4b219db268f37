// Kassa's speed benchmark (see docs/PERFORMANCE.md). Run: npm run build && node bench/run.js
//
// 1. Ceiling: bench/bare-server.js (plain Fastify, one route, a payment-status-sized JSON).
// 2. Kassa start-to-ready, 5 times, each with a fresh SQLite data dir.
// 3. Two stores via the CLI (BTC unique_address, USDT_TRC20 unique_amount), one payment to read.
// 4. Signed GET /api/v1/payment/{id}; 5. signed creates on each store; 6. GET /api/v1/rates
//    with a conversion; 7. the payment page (HTML).
// 8. Server RSS after the runs, then SIGTERM. 9. The ceiling again.
// The targets (issue 17) are server CPU µs per request relative to the ceiling's, measured in
// the same run: a ratio of req/s moves with the VM, a ratio of CPU per request much less. The
// ceiling is measured first and last, and the ratios divide by the mean of the two.
// Everything is sequential, on 127.0.0.1, and every wait is bounded. The server runs with
// KASSA_RATE_LIMIT_ALLOW=127.0.0.1, as a load test from the machine itself should: the rates and
// page routes are rate-limited per client address, and one address makes every request here.
//
// Environment: BENCH_SECONDS (default 15) measured seconds per target, BENCH_WARMUP_SECONDS
// (default 3), BENCH_CONNECTIONS (default 50), BENCH_STARTS (default 5). BENCH_SMOKE=1 (CI):
// 1 s per target, no warm-up, one start, and speed never fails the run, only errors do.
// Exit code: 0 all targets pass (or a clean smoke run); 1 the benchmark is invalid (errors,
// non-2xx, crash); 2 it ran cleanly but at least one target failed: the regression guard.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { intEnv } from './int-env.js'
import { InvalidBenchmark, measure } from './lib/load.js'
import { codeDigest, machine, median, readRssMb, round } from './lib/machine.js'
import { HOST, ROOT, START_NODE_FLAGS, freePort, runFile, spawnNode, stop, stopAll, waitReady } from './lib/processes.js'
import { getSigner, signedFetch, signedPosts } from './lib/signing.js'

const SMOKE = process.env.BENCH_SMOKE === '1'
const SECONDS = SMOKE ? 1 : intEnv('BENCH_SECONDS', 15, 1, 600)
const WARMUP_SECONDS = SMOKE ? 0 : intEnv('BENCH_WARMUP_SECONDS', 3, 0, 60)
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 1, 1000)
const STARTS = SMOKE ? 1 : intEnv('BENCH_STARTS', 5, 1, 20)

/** Issue 17: server CPU per request at most this many times the ceiling's, and the rest. */
const TARGETS = {
  statusCpuRatio: 2.0,
  createCpuRatio: 3.0, // each store kind
  ratesCpuRatio: 1.5,
  pageCpuRatio: 3.0,
  createP99Ms: 25, // at 50 connections
  rssMb: 150, // server RSS after the runs
  startToReadyMs: 1000, // the slowest of the starts
}

/** Temp dirs we created, removed on every exit path (bench/lib/processes.js kills the children). */
const tempDirs = []
process.on('exit', () => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true })
})
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130))

function makeTempDir() {
  const d = mkdtempSync(join(os.tmpdir(), 'kassa-bench-'))
  tempDirs.push(d)
  return d
}

/** Measures one target into `out[name]` (kept even when it then proves unclean) and refuses errors. */
async function measureTarget(name, port, makeRequest, serverPid) {
  const opts = { targets: [{ port, connections: CONNECTIONS, makeRequest }], serverPids: [serverPid] }
  return measure(name, opts, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, (s) => {
    out[name] = s
  })
}

const BARE_PATH = '/api/v1/payment/da2de618-a303-419f-9cfb-39a27d6dc27b'

/** The ceiling: bench/bare-server.js on a port of its own, measured, then stopped. Returns its body. */
async function measureCeiling(name) {
  const port = await freePort()
  const bare = spawnNode(['bench/bare-server.js'], { PORT: String(port) })
  await waitReady(bare, port, performance.now())
  const body = await (await fetch(`http://${HOST}:${port}${BARE_PATH}`)).text()
  const s = await measureTarget(name, port, () => ({ method: 'GET', path: BARE_PATH, setupRequest: (req) => req }), bare.pid)
  s.bodyBytes = Buffer.byteLength(body)
  s.rss = readRssMb(bare.pid)
  await stop(bare)
  return body
}

// --- the run --------------------------------------------------------------------------------

/** Filled as the run goes, so that a failed run still records what it measured. */
const out = {}

async function main() {
  const startedAt = new Date()
  const m = machine()
  console.log(
    `Kassa benchmark — ${m.cpuModel}, ${m.nproc} CPU, node ${m.node}; load average ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  )
  Object.assign(out, {
    date: startedAt.toISOString(),
    command: 'npm run build && node bench/run.js',
    env: { BENCH_SECONDS: SECONDS, BENCH_WARMUP_SECONDS: WARMUP_SECONDS, BENCH_CONNECTIONS: CONNECTIONS, BENCH_STARTS: STARTS },
    machine: m,
    code: codeDigest(),
    loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').trim(),
    targets: TARGETS,
    valid: false,
  })
  console.log(`code measured: sha256 ${out.code.sha256} over ${out.code.srcFiles} files of src/ and package*.json`)
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up, targets run one after another\n`,
  )

  // 1. Ceiling ---------------------------------------------------------------------------------
  console.log('1. Ceiling: bare Fastify')
  const bareBody = await measureCeiling('ceiling')

  // 2. Start to ready ----------------------------------------------------------------------------
  console.log(`\n2. Kassa start to ready (${STARTS} starts, fresh SQLite each)`)
  const serverEnv = (dataDir, port) => ({
    KASSA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST,
    KASSA_SIM_BLOCK_SECONDS: '0',
    KASSA_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    KASSA_MASTER_KEY: '',
    KASSA_RATE_LIMIT_ALLOW: HOST,
    KASSA_PUBLIC_URL: '',
  })
  const startMs = []
  let server
  let dataDir
  let port
  for (let i = 0; i < STARTS; i++) {
    dataDir = makeTempDir()
    port = await freePort()
    const t0 = performance.now()
    const child = spawnNode([...START_NODE_FLAGS, 'bin/kassa.js', 'serve'], serverEnv(dataDir, port))
    const ms = await waitReady(child, port, t0)
    startMs.push(round(ms, 1))
    console.log(`  start ${i + 1}: ${round(ms, 1)} ms`)
    if (i < STARTS - 1) await stop(child)
    else server = child // the last one serves the benchmark
  }
  out.startToReady = {
    runsMs: startMs,
    medianMs: round(median(startMs), 1),
    maxMs: Math.max(...startMs),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
  }

  // 3. Stores and one payment ----------------------------------------------------------------------
  console.log('\n3. Stores (CLI) and one payment')
  const createStore = async (currencies) => {
    const printed = await runFile(
      ['bin/kassa.js', 'store', 'create', '--name', `Bench ${currencies}`, '--currencies', currencies, '--json'],
      serverEnv(dataDir, port),
    )
    const creds = JSON.parse(printed.trim().split('\n').at(-1))
    if (!creds.api_key || !creds.api_secret) throw new Error(`store create printed no credentials: ${printed}`)
    console.log(`  store ${creds.store_id} (${currencies})`)
    return creds
  }
  const creds = await createStore('BTC:unique_address')
  const amountStore = await createStore('USDT_TRC20:unique_amount')
  const first = await signedFetch(port, creds, 'POST', '/api/v1/payment/create', JSON.stringify({ amount: '0.001', order_id: 'bench-0' }))
  const paymentId = first.json.data.payment_id
  const statusPath = `/api/v1/payment/${paymentId}`
  const statusBody = (await signedFetch(port, creds, 'GET', statusPath)).text
  console.log(`  payment ${paymentId}; status body ${Buffer.byteLength(statusBody)} bytes (ceiling body ${out.ceiling.bodyBytes} bytes)`)
  const keys = (text) => JSON.stringify(Object.keys(JSON.parse(text).data ?? {}))
  out.ceiling.sameFieldsAsStatus = keys(bareBody) === keys(statusBody)
  out.ceiling.sameSizeAsStatus = Buffer.byteLength(statusBody) === out.ceiling.bodyBytes
  if (!out.ceiling.sameFieldsAsStatus || !out.ceiling.sameSizeAsStatus) {
    console.log(
      `  note: the ceiling fixture no longer matches paymentStatusJson (fields ${out.ceiling.sameFieldsAsStatus ? 'same' : 'differ'}, size ${out.ceiling.sameSizeAsStatus ? 'same' : 'differs'}); update bench/bare-server.js`,
    )
  }

  // 4. Status ------------------------------------------------------------------------------------
  console.log('\n4. Signed GET /api/v1/payment/{id}')
  const statusHeaders = getSigner(creds, statusPath)
  await measureTarget(
    'status',
    port,
    () => ({
      method: 'GET',
      path: statusPath,
      setupRequest(req) {
        req.headers = { ...req.headers, ...statusHeaders() }
        return req
      },
    }),
    server.pid,
  )
  out.status.bodyBytes = Buffer.byteLength(statusBody)

  // 5. Creates -----------------------------------------------------------------------------------
  // Every body differs (order_id), so no two requests share a signature (replays are refused).
  // Unique-amount creates spread over 5,000 base amounts, so that a 15 s run at a few thousand
  // creates a second stays under the 99 offsets of any amount (a full amount queues, also a 200).
  const createPath = '/api/v1/payment/create'
  console.log('\n5a. Signed POST /api/v1/payment/create (SQLite, BTC unique_address)')
  await measureTarget(
    'create',
    port,
    signedPosts(creds, createPath, (i) => `{"amount":"0.001","order_id":"bench-${i}"}`),
    server.pid,
  )
  console.log('\n5b. Signed POST /api/v1/payment/create (SQLite, USDT_TRC20 unique_amount)')
  await measureTarget(
    'createUniqueAmount',
    port,
    signedPosts(amountStore, createPath, (i) => `{"amount":"${(i % 5000) + 1}.00","order_id":"bench-${i}"}`),
    server.pid,
  )

  // 6. Rates with a conversion -----------------------------------------------------------------------
  console.log('\n6. GET /api/v1/rates with a conversion (public)')
  const ratesPath = '/api/v1/rates?amount=5000&fiat=USD&crypto=BTC'
  await measureTarget('rates', port, () => ({ method: 'GET', path: ratesPath }), server.pid)

  // 7. The payment page ------------------------------------------------------------------------------
  console.log('\n7. GET /pay/{id}: the payment page (HTML)')
  await measureTarget('page', port, () => ({ method: 'GET', path: `/pay/${paymentId}`, headers: { accept: 'text/html' } }), server.pid)

  // 8. RSS, then SIGTERM ------------------------------------------------------------------------------
  out.server = { pid: server.pid, ...readRssMb(server.pid) }
  const t = performance.now()
  await stop(server)
  out.server.shutdownMs = round(performance.now() - t, 1)
  const exit = await server.exited
  out.server.exit = exit

  // 9. The ceiling again ------------------------------------------------------------------------------
  // Measured once, the ceiling moved 43 → 30 µs between two quiet runs (docs/PERFORMANCE.md): the
  // VM's speed drifts over minutes. Measured before and after Kassa's targets, the mean of the
  // two is what every ratio divides by, and both are reported.
  console.log('\n9. Ceiling again: bare Fastify')
  await measureCeiling('ceilingAfter')

  // Verdicts ----------------------------------------------------------------------------------------
  const ceilingCpu = round((out.ceiling.cpu.serverCpuUsPerRequest + out.ceilingAfter.cpu.serverCpuUsPerRequest) / 2, 1)
  out.ceilingCpuUsPerRequest = {
    before: out.ceiling.cpu.serverCpuUsPerRequest,
    after: out.ceilingAfter.cpu.serverCpuUsPerRequest,
    mean: ceilingCpu,
  }
  const cpuRatio = (k) => round(out[k].cpu.serverCpuUsPerRequest / ceilingCpu, 2)
  out.ratios = {
    cpu: Object.fromEntries(MEASURED.map((k) => [k, cpuRatio(k)])),
    reqPerSec: Object.fromEntries(
      MEASURED.map((k) => [k, round(out[k].reqPerSecMean / ((out.ceiling.reqPerSecMean + out.ceilingAfter.reqPerSecMean) / 2), 3)]),
    ),
  }
  const cpuCheck = (k, target) => [
    `${k} CPU/request ≤ ${target}× the ceiling's`,
    `${out[k].cpu.serverCpuUsPerRequest} µs = ${out.ratios.cpu[k]}× (${ceilingCpu} µs); ${pct(out.ratios.reqPerSec[k])} req/s`,
    out.ratios.cpu[k] <= target,
  ]
  const checks = [
    cpuCheck('status', TARGETS.statusCpuRatio),
    cpuCheck('create', TARGETS.createCpuRatio),
    cpuCheck('createUniqueAmount', TARGETS.createCpuRatio),
    cpuCheck('rates', TARGETS.ratesCpuRatio),
    cpuCheck('page', TARGETS.pageCpuRatio),
    ...['create', 'createUniqueAmount'].map((k) => [
      `${k} p99 < ${TARGETS.createP99Ms} ms`,
      `${out[k].latencyMs.p99} ms`,
      out[k].latencyMs.p99 < TARGETS.createP99Ms,
    ]),
    [`server RSS after run < ${TARGETS.rssMb} MB`, `${out.server.rssMb} MB`, out.server.rssMb < TARGETS.rssMb],
    [
      `start to ready < ${TARGETS.startToReadyMs} ms (slowest of ${STARTS})`,
      `median ${out.startToReady.medianMs} ms, max ${out.startToReady.maxMs} ms`,
      out.startToReady.maxMs < TARGETS.startToReadyMs,
    ],
  ]
  out.verdicts = checks.map(([target, measured, pass]) => ({ target, measured, result: pass ? 'PASS' : 'FAIL' }))
  out.valid = true
  out.allPass = checks.every((c) => c[2])
}

/** What is measured against the ceiling, in order. */
const MEASURED = ['status', 'create', 'createUniqueAmount', 'rates', 'page']

function pct(x) {
  return `${round(x * 100, 1)} % of ceiling`
}

function printTable(out) {
  const rows = [
    [
      'target',
      'req/s',
      'p50 ms',
      'p99 ms',
      'avg ms',
      'non2xx',
      'errors',
      'req/s vs ceiling',
      'server CPU µs/req',
      'CPU vs ceiling',
      'server core %',
      'other procs %',
    ],
    ...['ceiling', 'ceilingAfter', ...MEASURED]
      .filter((k) => out[k])
      .map((k) => {
        const s = out[k]
        const ceiling = k === 'ceiling' || k === 'ceilingAfter'
        return [
          k,
          String(s.reqPerSecMean),
          String(s.latencyMs.p50),
          String(s.latencyMs.p99),
          String(s.latencyMs.avg),
          String(s.non2xx),
          String(s.errors + s.timeouts),
          ceiling
            ? '100 %'
            : `${round(out.ratios ? out.ratios.reqPerSec[k] * 100 : (s.reqPerSecMean / out.ceiling.reqPerSecMean) * 100, 1)} %`,
          String(s.cpu.serverCpuUsPerRequest),
          ceiling
            ? '1×'
            : `${out.ratios ? out.ratios.cpu[k] : round(s.cpu.serverCpuUsPerRequest / out.ceiling.cpu.serverCpuUsPerRequest, 2)}×`,
          String(s.cpu.serverCorePct),
          String(s.cpu.otherProcessesPctOfMachine),
        ]
      }),
  ]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  console.log('')
  for (const r of rows) console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
  if (out.verdicts) {
    console.log('')
    const w = Math.max(...out.verdicts.map((v) => v.target.length))
    for (const v of out.verdicts) console.log(`  ${v.result}  ${v.target.padEnd(w)}  ${v.measured}`)
    const c = out.ceilingCpuUsPerRequest
    console.log(`\n  ceiling CPU/request: ${c.before} µs first, ${c.after} µs last; ratios divide by the mean, ${c.mean} µs`)
    console.log(
      `  start to ready runs: ${out.startToReady.runsMs.join(', ')} ms; server RSS ${out.server.rssMb} MB (peak ${out.server.peakRssMb} MB)`,
    )
  }
}

function writeResults(out) {
  const dir = join(ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'latest.json')
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
  console.log(`\n  results: ${file}`)
}

let code = 0
try {
  await main()
  printTable(out)
  writeResults(out)
  // A smoke run (CI) checks that everything answers; one second per target says nothing of speed.
  code = out.allPass || SMOKE ? 0 : 2
  if (SMOKE) console.log('\n  smoke run (BENCH_SMOKE=1): every target answered cleanly; speed verdicts above are not enforced')
} catch (err) {
  console.error(`\n${err instanceof InvalidBenchmark ? 'INVALID BENCHMARK' : 'BENCHMARK FAILED'}: ${err.message}`)
  code = 1
  try {
    writeResults({ ...out, valid: false, error: err.message })
  } catch {}
} finally {
  await stopAll()
}
process.exit(code)
