// Measures proposed src/ changes without making them: the real server is started with preloads
// or V8 flags that emulate each change, interleaved with the unchanged baseline so that machine
// noise hits every variant alike. Not part of the benchmark; see docs/PERFORMANCE.md.
//
// Usage: npm run build && node bench/experiments/run-variants.js [rounds=2] [seconds=8]
//   variants: baseline; stmt-cache (bench/sql-probe.js with BENCH_STMT_CACHE=1); no-viem,
//   auth-cache, bech32 (temporary copies of dist/ patched as in PATCHES below); semi-4
//   (--max-semi-space-size=4); all of them together.
// Prints per variant: start-to-ready and RSS at ready (median of rounds × 3 starts), then for a
// signed status and a signed create load (50 connections): req/s, p99, server CPU µs/request,
// and RSS after both loads. Writes bench/results/variants.json.
import autocannon from 'autocannon'
import { execFileSync, spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const HOST = '127.0.0.1'
const ROUNDS = Math.min(10, Math.max(1, Number(process.argv[2] ?? 2)))
const SECONDS = Math.min(60, Math.max(2, Number(process.argv[3] ?? 8)))
const STARTS_PER_ROUND = 3

/**
 * Patches applied to a temporary copy of the built app (dist/, bin/, package.json; node_modules
 * linked), each emulating one proposed src/ change in the compiled output.
 */
const PATCHES = {
  // src/chains/evm/evm-address.ts: import keccak from @noble/hashes instead of the viem barrel.
  noViem: (root) => {
    edit(root, 'dist/chains/evm/evm-address.js', "from 'viem'", "from './viem-shim.js'")
    cpSync(join(ROOT, 'bench', 'experiments', 'viem-shim.js'), join(root, 'dist', 'chains', 'evm', 'viem-shim.js'))
  },
  // src/services/store-service.ts credentialsByApiKey: remember the answer per API key for 1 s.
  authCache: (root) => edit(root, 'dist/services/store-service.js', '    async credentialsByApiKey(apiKey) {', `    #authCache = new Map();
    async credentialsByApiKey(apiKey) {
        const now = Date.now();
        const hit = this.#authCache.get(apiKey);
        if (hit !== undefined && now - hit.at < 1000) return hit.value;
        const value = await this.credentialsByApiKeyUncached(apiKey);
        if (this.#authCache.size > 10_000) this.#authCache.clear();
        this.#authCache.set(apiKey, { value, at: now });
        return value;
    }
    async credentialsByApiKeyUncached(apiKey) {`),
  // src/chains/bitcoin/bitcoin-address.ts p2wpkhAddressFromHash: bech32 directly, not payments.p2wpkh.
  bech32: (root) => {
    edit(root, 'dist/chains/bitcoin/bitcoin-address.js', 'payments.p2wpkh({ hash: hash20, network: bitcoinLikeNetwork(network) }).address',
      'bech32.encode(bitcoinLikeNetwork(network).bech32, [0, ...bech32.toWords(hash20)])')
    edit(root, 'dist/chains/bitcoin/bitcoin-address.js', "import { bitcoinLikeNetwork } from './bitcoin-networks.js';",
      "import { bitcoinLikeNetwork } from './bitcoin-networks.js';\nimport { bech32 } from 'bech32';")
  },
}

function edit(root, file, from, to) {
  const path = join(root, file)
  const text = readFileSync(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} no longer contains: ${from}`)
  writeFileSync(path, text.replace(from, to))
}

function patchedCopy(...patches) {
  const root = mkdtempSync(join(os.tmpdir(), 'kassa-variant-'))
  dirs.push(root)
  for (const f of ['dist', 'bin', 'package.json']) cpSync(join(ROOT, f), join(root, f), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  for (const p of patches) PATCHES[p](root)
  return root
}

const live = new Set()
const dirs = []
process.on('exit', () => {
  for (const c of live) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const PROBE = join(ROOT, 'bench', 'sql-probe.js')
const ALL = patchedCopy('noViem', 'authCache', 'bech32')

const VARIANTS = {
  baseline: { root: ROOT, args: [], env: {} },
  'stmt-cache': { root: ROOT, args: ['--import', PROBE], env: { BENCH_STMT_CACHE: '1' } },
  'no-viem': { root: patchedCopy('noViem'), args: [], env: {} },
  'semi-4': { root: ROOT, args: ['--max-semi-space-size=4'], env: {} },
  'auth-cache': { root: patchedCopy('authCache'), args: [], env: {} },
  bech32: { root: patchedCopy('bech32'), args: [], env: {} },
  all: { root: ALL, args: ['--max-semi-space-size=4', '--import', PROBE], env: { BENCH_STMT_CACHE: '1' } },
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const r1 = (x) => Math.round(x * 10) / 10
const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer()
  s.on('error', reject)
  s.listen(0, HOST, () => { const { port } = s.address(); s.close(() => resolve(port)) })
})
const get = (port, path) => new Promise((resolve) => {
  const req = http.get({ host: HOST, port, path, agent: false, timeout: 1000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
  req.on('timeout', () => req.destroy(new Error('timeout')))
  req.on('error', () => resolve(0))
})
const sign = (secret, ts, m, p, b) => createHmac('sha256', secret).update(ts + m + p + b).digest('hex')
const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)[1]) / 1024
const ticks = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]) }


async function start(variant) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kassa-var-'))
  dirs.push(dataDir)
  const port = await freePort()
  const env = { ...process.env, ...variant.env, KASSA_DATA_DIR: dataDir, PORT: String(port), HOST, KASSA_SIM_BLOCK_SECONDS: '0', KASSA_LOG_LEVEL: 'warn', DATABASE_URL: '', KASSA_MASTER_KEY: '', KASSA_PUBLIC_URL: '' }
  const t0 = performance.now()
  const child = spawn(process.execPath, [...variant.args, 'bin/kassa.js', 'serve'], { cwd: variant.root, env, stdio: 'ignore' })
  live.add(child)
  child.exited = new Promise((r) => child.once('exit', r))
  for (let i = 0; i < 2000; i++) {
    if (child.exitCode !== null) throw new Error('server exited during start')
    if ((await get(port, '/readyz')) === 200) return { child, port, env, readyMs: performance.now() - t0 }
    await sleep(10)
  }
  throw new Error('server not ready in 20 s')
}

async function stop(child) {
  if (child.exitCode === null) {
    child.kill('SIGTERM')
    if ((await Promise.race([child.exited, sleep(10_000).then(() => 'timeout')])) === 'timeout') child.kill('SIGKILL')
  }
  live.delete(child)
}

async function load(pid, port, request, seconds) {
  await autocannon({ url: `http://${HOST}:${port}`, connections: 50, duration: 2, requests: [request] })
  const t0 = ticks(pid)
  const r = await autocannon({ url: `http://${HOST}:${port}`, connections: 50, duration: seconds, requests: [request] })
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`)
  return { rps: r.requests.average, p99: r.latency.p99, cpuUsPerReq: ((ticks(pid) - t0) * 10_000) / r.requests.total }
}

const results = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, { readyMs: [], rssReadyMb: [], status: [], create: [], rssAfterMb: [] }]))
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, variant] of Object.entries(VARIANTS)) {
    const res = results[name]
    for (let i = 0; i < STARTS_PER_ROUND; i++) {
      const s = await start(variant)
      res.readyMs.push(s.readyMs)
      await sleep(300)
      res.rssReadyMb.push(rssMb(s.child.pid))
      if (i < STARTS_PER_ROUND - 1) { await stop(s.child); continue }
      const creds = JSON.parse(execFileSync(process.execPath, ['bin/kassa.js', 'store', 'create', '--name', 'V', '--currencies', 'BTC', '--json'], { cwd: variant.root, env: s.env, timeout: 60_000 }).toString().trim().split('\n').at(-1))
      const ts0 = String(Math.floor(Date.now() / 1000))
      const b0 = '{"amount":"0.001","order_id":"bench-0"}'
      const created = await (await fetch(`http://${HOST}:${s.port}/api/v1/payment/create`, { method: 'POST', body: b0, headers: { 'content-type': 'application/json', 'x-api-key': creds.api_key, 'x-timestamp': ts0, 'x-signature': sign(creds.api_secret, ts0, 'POST', '/api/v1/payment/create', b0) } })).json()
      const sp = `/api/v1/payment/${created.data.payment_id}`
      let n = 0
      res.status.push(await load(s.child.pid, s.port, { method: 'GET', path: sp, setupRequest(q) { const ts = String(Math.floor(Date.now() / 1000)); q.headers = { ...q.headers, 'X-Api-Key': creds.api_key, 'X-Timestamp': ts, 'X-Signature': sign(creds.api_secret, ts, 'GET', sp, '') }; return q } }, SECONDS))
      res.create.push(await load(s.child.pid, s.port, { method: 'POST', path: '/api/v1/payment/create', setupRequest(q) { const body = `{"amount":"0.001","order_id":"bench-${++n}"}`; const ts = String(Math.floor(Date.now() / 1000)); q.body = body; q.headers = { ...q.headers, 'Content-Type': 'application/json', 'X-Api-Key': creds.api_key, 'X-Timestamp': ts, 'X-Signature': sign(creds.api_secret, ts, 'POST', '/api/v1/payment/create', body) }; return q } }, SECONDS))
      res.rssAfterMb.push(rssMb(s.child.pid))
      await stop(s.child)
    }
    const st = res.status.at(-1); const cr = res.create.at(-1)
    console.log(`round ${round} ${name.padEnd(10)} ready ${r1(res.readyMs.at(-1))} ms; status ${r1(st.rps)} req/s ${r1(st.cpuUsPerReq)} µs/req p99 ${st.p99}; create ${r1(cr.rps)} req/s ${r1(cr.cpuUsPerReq)} µs/req p99 ${cr.p99}; rss after ${r1(res.rssAfterMb.at(-1))} MB; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`)
  }
}

console.log('\nmedians:')
console.log('variant     ready ms  rss@ready  status req/s  status µs/req  create req/s  create µs/req  create p99  rss after')
const summary = {}
for (const [name, r] of Object.entries(results)) {
  const s = {
    readyMsMedian: r1(median(r.readyMs)), readyMsMax: r1(Math.max(...r.readyMs)), rssReadyMb: r1(median(r.rssReadyMb)),
    statusRps: r1(median(r.status.map((x) => x.rps))), statusCpuUsPerReq: r1(median(r.status.map((x) => x.cpuUsPerReq))),
    createRps: r1(median(r.create.map((x) => x.rps))), createCpuUsPerReq: r1(median(r.create.map((x) => x.cpuUsPerReq))),
    createP99Ms: median(r.create.map((x) => x.p99)), rssAfterMb: r1(median(r.rssAfterMb)),
  }
  summary[name] = { ...s, raw: r }
  console.log(`${name.padEnd(10)} ${String(s.readyMsMedian).padStart(9)} ${String(s.rssReadyMb).padStart(10)} ${String(s.statusRps).padStart(13)} ${String(s.statusCpuUsPerReq).padStart(14)} ${String(s.createRps).padStart(13)} ${String(s.createCpuUsPerReq).padStart(14)} ${String(s.createP99Ms).padStart(11)} ${String(s.rssAfterMb).padStart(10)}`)
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true })
writeFileSync(join(ROOT, 'bench', 'results', 'variants.json'), JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, node: process.version, summary }, null, 2) + '\n')
for (const c of [...live]) await stop(c)
