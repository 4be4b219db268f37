// CPU profile of the real server under one benchmark load (not part of the benchmark itself).
// Usage: npm run build && node bench/profile.js status|create|create-amount|rates|page|start [seconds=10]
//   status/create/rates/page: `node --cpu-prof dist/cli/main.js serve` under 50 connections of that request,
//                  then memory figures (via bench/mem-probe.js) and SIGTERM, which writes the profile.
//   start:         profiles start-up only (spawn → first 200 from /readyz → SIGTERM).
// Profiles go to bench/results/profiles/; summarise with bench/cpuprofile-summary.js.
import autocannon from 'autocannon'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getSigner, signedFetch, signedPosts } from './lib/signing.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const HOST = '127.0.0.1'
const mode = process.argv[2]
const seconds = Number(process.argv[3] ?? 10)
if (!['status', 'create', 'create-amount', 'rates', 'page', 'start'].includes(mode) || !(seconds > 0 && seconds <= 120)) {
  console.error('usage: node bench/profile.js status|create|create-amount|rates|page|start [seconds ≤ 120]')
  process.exit(1)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, HOST, () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
const get = (port, path) =>
  new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(0))
  })

const dataDir = mkdtempSync(join(os.tmpdir(), 'kassa-prof-'))
const profDir = join(ROOT, 'bench', 'results', 'profiles')
mkdirSync(profDir, { recursive: true })
const memFile = join(dataDir, 'mem.json')
const port = await freePort()
const env = {
  ...process.env,
  KASSA_DATA_DIR: dataDir,
  PORT: String(port),
  HOST,
  KASSA_SIM_BLOCK_SECONDS: '0',
  KASSA_LOG_LEVEL: 'warn',
  DATABASE_URL: '',
  KASSA_MASTER_KEY: '',
  KASSA_PUBLIC_URL: '',
  // As bench/run.js: one client address makes every request, and rates and pages are rate-limited.
  KASSA_RATE_LIMIT_ALLOW: HOST,
  BENCH_MEM_FILE: memFile,
}
const before = new Set(readdirSync(profDir))
const t0 = performance.now()
// BENCH_NO_CPU_PROF=1: no profiler (clean figures); BENCH_PRELOAD=./bench/sql-probe.js: extra --import.
const profArgs =
  process.env.BENCH_NO_CPU_PROF === '1'
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${mode}-${Date.now()}.cpuprofile`]
const preload = (process.env.BENCH_PRELOAD ?? '')
  .split(',')
  .filter(Boolean)
  .flatMap((p) => ['--import', p])
// Start-up is profiled as it runs (the bundle, dist/kassa.js); load profiles run tsc's modules
// (dist/cli/main.js), the same code, so that the summary can name files and packages.
const entry = mode === 'start' ? 'bin/kassa.js' : 'dist/cli/main.js'
const server = spawn(process.execPath, [...profArgs, '--import', './bench/mem-probe.js', ...preload, entry, 'serve'], {
  cwd: ROOT,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
})
const exited = new Promise((r) => server.once('exit', r))
process.on('exit', () => {
  if (server.exitCode === null) server.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

let readyMs
for (let i = 0; i < 2000 && readyMs === undefined; i++) {
  if ((await get(port, '/readyz')) === 200) readyMs = performance.now() - t0
  else await sleep(10)
}
if (readyMs === undefined) throw new Error('server not ready')
console.log(`ready after ${readyMs.toFixed(0)} ms${profArgs.length ? ' (with --cpu-prof)' : ''}`)

if (mode !== 'start') {
  const creds = JSON.parse(
    execFileSync(
      process.execPath,
      [
        'bin/kassa.js',
        'store',
        'create',
        '--name',
        'Prof',
        '--currencies',
        mode === 'create-amount' ? 'USDT_TRC20:unique_amount' : 'BTC',
        '--json',
      ],
      {
        cwd: ROOT,
        env,
        timeout: 60_000,
      },
    )
      .toString()
      .trim()
      .split('\n')
      .at(-1),
  )
  const created = (
    await signedFetch(
      port,
      creds,
      'POST',
      '/api/v1/payment/create',
      `{"amount":"${mode === 'create-amount' ? '1.00' : '0.001'}","order_id":"bench-0"}`,
    )
  ).json
  const statusPath = `/api/v1/payment/${created.data.payment_id}`
  const statusHeaders = getSigner(creds, statusPath)
  const request =
    mode === 'rates'
      ? { method: 'GET', path: '/api/v1/rates?amount=5000&fiat=USD&crypto=BTC' }
      : mode === 'page'
        ? { method: 'GET', path: `/pay/${created.data.payment_id}`, headers: { accept: 'text/html' } }
        : mode === 'status'
          ? {
              method: 'GET',
              path: statusPath,
              setupRequest(req) {
                req.headers = { ...req.headers, ...statusHeaders() }
                return req
              },
            }
          : // Unique-amount creates spread over 5,000 base amounts (bench/run.js does the same).
            signedPosts(
              creds,
              '/api/v1/payment/create',
              (i) => `{"amount":"${mode === 'create-amount' ? `${(i % 5000) + 1}.00` : '0.001'}","order_id":"bench-${i}"}`,
            )()
  const ticks = () => {
    const st = readFileSync(`/proc/${server.pid}/stat`, 'utf8')
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
    return [Number(f[11]), Number(f[12])]
  }
  if (process.env.BENCH_WARMUP !== '0')
    await autocannon({ url: `http://${HOST}:${port}`, connections: 50, duration: 3, requests: [request] })
  const [u0, s0] = ticks()
  const r = await autocannon({ url: `http://${HOST}:${port}`, connections: 50, duration: seconds, requests: [request] })
  const [u1, s1] = ticks()
  const perReq = (t) => ((t * 10000) / r.requests.total).toFixed(1)
  console.log(
    `${mode}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non2xx ${r.non2xx}, errors ${r.errors}; ` +
      `server CPU per request ${perReq(u1 - u0 + s1 - s0)} µs (user ${perReq(u1 - u0)}, sys ${perReq(s1 - s0)})`,
  )
  server.kill('SIGUSR2')
  for (let i = 0; i < 100 && !existsSync(memFile); i++) await sleep(20)
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  console.log(
    status
      .split('\n')
      .filter((l) => /^Vm(RSS|HWM)|^Rss/.test(l))
      .join('\n'),
  )
  if (existsSync(memFile)) console.log(readFileSync(memFile, 'utf8'))
  const trace = process.env.BENCH_SQL_TRACE
  if (trace) {
    for (let i = 0; i < 100 && !existsSync(trace); i++) await sleep(20)
    if (existsSync(trace)) console.log(readFileSync(trace, 'utf8'))
  }
}

server.kill('SIGTERM')
await Promise.race([exited, sleep(15_000)])
const fresh = readdirSync(profDir).filter((f) => !before.has(f))
console.log(fresh.length ? `profile: ${fresh.map((f) => join(profDir, f)).join(', ')}` : 'no profile written')
