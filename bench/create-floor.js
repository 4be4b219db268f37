// What a signed create must cost on this machine, whatever the server: Kassa's create against
// the floor of the same job (bench/floor-server.js) and the ceiling of bench/run.js, all in one
// run, so that issue 17's create target (≤ 3.0× the ceiling's CPU per request) can be weighed
// against what the job itself costs. Not part of `npm run bench`; figures in docs/PERFORMANCE.md.
//
// Usage: npm run build && node bench/create-floor.js
//   BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (50), BENCH_ROUNDS (2)
// Each round measures, one after the other: the ceiling (GET), a bare POST (Fastify parsing the
// create's JSON body, a fixed answer), the floor create and Kassa's create, each on a fresh
// SQLite database made by Kassa (`kassa store create`). Ratios divide by the mean of the
// round's two ceiling runs (first and last), as bench/run.js does.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { measure } from './lib/load.js'
import { round } from './lib/machine.js'
import { HOST, freePort, runFile, spawnNode, stop, stopAll, waitReady } from './lib/processes.js'
import { signedFetch, signedPosts } from './lib/signing.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const PATH = '/api/v1/payment/create'
const BARE_PATH = '/api/v1/payment/da2de618-a303-419f-9cfb-39a27d6dc27b'

const dirs = []
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Signed creates as bench/run.js sends them. */
const creates = (creds) => signedPosts(creds, PATH, (i) => `{"amount":"0.001","order_id":"bench-${i}"}`)

/** Starts `node <args>`, waits for /readyz, makes one create with `creds` if given, measures, stops. */
async function measureServer(name, args, env, makeRequest, creds) {
  const port = await freePort()
  const child = spawnNode(args, { ...env, PORT: String(port) })
  await waitReady(child, port, performance.now())
  try {
    if (creds) {
      // One create first, read as a client would: the server under test does answer a create.
      const { json } = await signedFetch(port, creds, 'POST', PATH, '{"amount":"0.001","order_id":"check"}')
      if (!json.success || typeof json.data?.payment_id !== 'string' || typeof json.data?.pay_address !== 'string') {
        throw new Error(`${name}: not a created payment: ${JSON.stringify(json)}`)
      }
    }
    const opts = { targets: [{ port, connections: CONNECTIONS, makeRequest }], serverPids: [child.pid] }
    const s = await measure(name, opts, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS })
    return s.cpu.serverCpuUsPerRequest
  } finally {
    await stop(child)
  }
}

/** A fresh Kassa data dir with one BTC unique_address store; answers its credentials and database file. */
async function kassaStore() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kassa-floor-'))
  dirs.push(dataDir)
  const env = { KASSA_DATA_DIR: dataDir, DATABASE_URL: '', KASSA_MASTER_KEY: '', KASSA_LOG_LEVEL: 'warn' }
  const printed = await runFile(['bin/kassa.js', 'store', 'create', '--name', 'Floor', '--currencies', 'BTC:unique_address', '--json'], env)
  const creds = JSON.parse(printed.trim().split('\n').at(-1))
  return { dataDir, env, creds, file: join(dataDir, 'kassa.sqlite') }
}

const ceiling = () => measureServer('ceiling (GET)', ['bench/bare-server.js'], {}, () => ({ method: 'GET', path: BARE_PATH }))

const rounds = []
for (let r = 1; r <= ROUNDS; r++) {
  console.log(`round ${r} of ${ROUNDS} (${SECONDS} s each after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections)`)
  const first = await ceiling()
  const post = await measureServer(
    'bare POST',
    ['bench/floor-server.js'],
    { FLOOR_MODE: 'post' },
    creates({ api_key: 'k', api_secret: 's' }),
  )
  const floorStore = await kassaStore()
  const floor = await measureServer(
    'floor create',
    ['bench/floor-server.js'],
    {
      FLOOR_MODE: 'create',
      FLOOR_DB: floorStore.file,
      FLOOR_STORE_ID: floorStore.creds.store_id,
      FLOOR_API_KEY: floorStore.creds.api_key,
      FLOOR_API_SECRET: floorStore.creds.api_secret,
    },
    creates(floorStore.creds),
    floorStore.creds,
  )
  const kassaDb = await kassaStore()
  const kassa = await measureServer(
    'Kassa create',
    ['bin/kassa.js', 'serve'],
    { ...kassaDb.env, HOST, KASSA_SIM_BLOCK_SECONDS: '0', KASSA_PUBLIC_URL: '', KASSA_RATE_LIMIT_ALLOW: HOST },
    creates(kassaDb.creds),
    kassaDb.creds,
  )
  const last = await ceiling()
  const c = (first + last) / 2
  const row = {
    ceilingUs: round(c, 1),
    barePostUs: post,
    floorUs: floor,
    kassaUs: kassa,
    barePostRatio: round(post / c, 2),
    floorRatio: round(floor / c, 2),
    kassaRatio: round(kassa / c, 2),
  }
  rounds.push(row)
  console.log(
    `  ratios to the ceiling (${row.ceilingUs} µs): bare POST ${row.barePostRatio}×, floor ${row.floorRatio}×, Kassa ${row.kassaRatio}×\n`,
  )
}
await stopAll()
console.log(JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, rounds }, null, 2))
