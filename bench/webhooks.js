// Webhook delivery benchmark (figures in docs/PERFORMANCE.md, "Webhooks").
// Run: npm run build && node bench/webhooks.js
//
// Kassa is opened in this process (dist/, SQLite file in a temp dir, or PostgreSQL with
// BENCH_DATABASE_URL) with its webhook worker running as `kassa serve` runs it (default
// concurrency 64, 8 per store, 25 ms idle poll). The receiver is a separate process on
// 127.0.0.1 answering 200 with its arrival time (Date.now()) as the body, which Kassa logs
// as the attempt's response excerpt.
//
// 1. Throughput: BENCH_EVENTS (20,000) outbox rows for 50 stores, 4 events per payment, are
//    written while the worker is stopped; then the worker starts and the clock runs until all
//    are delivered. deliveries/s = events / that time.
// 2. Latency while idle: BENCH_PAYMENTS (200) real status changes, one at a time with a pause
//    between them (simulated transfer → watcher → reconcile writes the event in the status
//    change's transaction). Latency = receiver arrival − the event's created_at (the status
//    change's clock reading), both Date.now() on the same machine.
// Bounded: every wait has a deadline; children and temp dirs are removed on exit.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { intEnv } from './int-env.js'

const EVENTS = intEnv('BENCH_EVENTS', 20_000, 100, 1_000_000)
const PAYMENTS = intEnv('BENCH_PAYMENTS', 200, 10, 10_000)
const STORES = 50
const DEADLINE_MS = 120_000

const dataDir = mkdtempSync(join(os.tmpdir(), 'kassa-bench-webhooks-'))
let receiver
process.on('exit', () => {
  if (receiver && receiver.exitCode === null) receiver.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130))

const RECEIVER_SOURCE = `
const http = require('node:http')
let n = 0
const server = http.createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => { n++; res.writeHead(200, { 'content-type': 'text/plain' }).end(String(Date.now())) })
})
server.keepAliveTimeout = 30_000
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'))
process.stdin.on('end', () => process.exit(0)); process.stdin.resume()
`

async function startReceiver() {
  receiver = spawn(process.execPath, ['-e', RECEIVER_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('receiver did not start')), 10_000)
    receiver.stdout.setEncoding('utf8').once('data', (s) => {
      clearTimeout(timer)
      resolve(Number(s.trim()))
    })
  })
}

async function waitUntil(what, check, deadlineMs = DEADLINE_MS, everyMs = 5) {
  const end = Date.now() + deadlineMs
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const { Kassa } = await import('../dist/app/kassa.js')
const { loadConfig } = await import('../dist/config/index.js')
const { parseStoreCurrencies } = await import('../dist/domain/stores/store.js')
const { createPayment } = await import('../dist/services/payments/create-payment.js')

const port = await startReceiver()
const url = `http://127.0.0.1:${port}/hook`
const config = loadConfig({
  ...process.env,
  KASSA_DATA_DIR: dataDir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  KASSA_WEBHOOK_ALLOW_PRIVATE: '1',
  KASSA_SIM_BLOCK_SECONDS: '0',
  KASSA_LOG_LEVEL: 'warn',
})
const kassa = await Kassa.open({ config, server: true, logger: pino({ level: 'warn' }) })
const db = kassa.deps.db
const stores = []
for (let i = 0; i < STORES; i++) {
  const r = await kassa.stores.createStore({ name: `Bench ${i}`, currencies: parseStoreCurrencies('BTC') })
  await kassa.stores.updateStore(r.store.id, { webhookUrl: url })
  stores.push(r.store)
}

// 1. Throughput ----------------------------------------------------------------------------
const body = JSON.stringify({
  event: 'payment.completed',
  payment_id: randomUUID(),
  order_id: 'ORDER-123',
  amount: 100.14,
  amount_received: 100.14,
  currency: 'USDT_TRC20',
  tx_hash: 'ab'.repeat(32),
  confirmed_at: '2025-01-15T12:25:00Z',
  status: 'completed',
  metadata: { user_id: 42 },
})
const now = Date.now()
const rows = []
for (let i = 0; i < EVENTS; i++) {
  const paymentIndex = Math.floor(i / 4)
  rows.push({
    store_id: stores[paymentIndex % STORES].id,
    payment_id: `bench-payment-${paymentIndex}`,
    event: 'payment.completed',
    body,
    status: 'pending',
    attempts: 0,
    delivery_id: randomUUID(),
    created_at: now,
    updated_at: now,
  })
}
// Interleaved as real traffic would be: payment k's 4 events are not adjacent.
rows.sort((a, b) => (a.delivery_id < b.delivery_id ? -1 : 1))
for (let i = 0; i < rows.length; i += 500)
  await db
    .insertInto('webhook_events')
    .values(rows.slice(i, i + 500))
    .execute()

const countDelivered = async () =>
  Number(
    (
      await db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'delivered')
        .executeTakeFirst()
    ).n,
  )

const loadBefore = os.loadavg()
const started = performance.now()
kassa.webhookWorker.start()
// Polled every 50 ms: a count over the outbox is itself work for the database.
await waitUntil(`${EVENTS} deliveries`, async () => (await countDelivered()) >= EVENTS, DEADLINE_MS, 50)
const seconds = (performance.now() - started) / 1000
const failed = Number(
  (
    await db
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status_code', '!=', 200)
      .executeTakeFirst()
  ).n,
)

// 2. Latency while idle ----------------------------------------------------------------------
const store = stores[0]
const latencies = []
for (let i = 0; i < PAYMENTS; i++) {
  const created = await createPayment(kassa.deps, kassa.rates, store, { amount: '0.01', source: 'api' })
  await kassa.simulation.pay(created.payment.id)
  await kassa.runWorkersOnce() // the watcher sees the transfer: pending → confirming, event recorded
  let attempt
  await waitUntil(
    'the first attempt',
    async () => {
      attempt = await db
        .selectFrom('webhook_events as e')
        .innerJoin('webhook_attempts as a', 'a.event_id', 'e.id')
        .select(['e.created_at', 'a.response_excerpt'])
        .where('e.payment_id', '=', created.payment.id)
        .executeTakeFirst()
      return attempt !== undefined
    },
    10_000,
    2,
  )
  latencies.push(Number(attempt.response_excerpt) - attempt.created_at)
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 30)) // idle between changes
}
latencies.sort((a, b) => a - b)
const loadAfter = os.loadavg()

await kassa.close()
receiver.stdin.end()

const result = {
  date: new Date().toISOString(),
  database: config.databaseUrl ? 'postgres' : 'sqlite',
  node: process.version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  loadavg_before: loadBefore.map((n) => n.toFixed(2)).join(' '),
  loadavg_after: loadAfter.map((n) => n.toFixed(2)).join(' '),
  throughput: {
    events: EVENTS,
    stores: STORES,
    seconds: Number(seconds.toFixed(2)),
    deliveries_per_s: Math.round(EVENTS / seconds),
    non_200_attempts: failed,
  },
  latency_ms: {
    samples: latencies.length,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
  },
  targets: { deliveries_per_s: '≥ 2000', p99_ms: '< 100' },
}
console.log(JSON.stringify(result, null, 2))
const pass = result.throughput.deliveries_per_s >= 2000 && result.latency_ms.p99 < 100 && failed === 0
process.exitCode = pass ? 0 : 2
