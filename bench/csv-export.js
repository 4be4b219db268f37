// The dashboard's CSV export with 50,000 payments (issue 16, defect 3; figures in
// docs/PERFORMANCE.md). Run: npm run build && node bench/csv-export.js
//
// Seeds one store with BENCH_CSV_ROWS payments (default 50,000) in a SQLite database in a temp
// dir, then exports them in a fresh process per way, so each peak RSS is its own:
//   whole    — the old export: one search of every row, the CSV built as one string;
//   streamed — the new one: paymentCsvChunks (keyset pages of 250) through a Readable piped
//              into a sink that, like a socket, takes each chunk on the next turn.
// Each prints: total time; how late a 1 ms interval timer ran, worst and p99 over its ticks
// (what another client's request would wait for the event loop; monitorEventLoopDelay is not
// used: it misses a stall that lasts until it is disabled); the peak RSS and the heap growth.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pino from 'pino'

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 50_000)
const [mode, dataDir, storeId] = process.argv.slice(2)

const { Kassa } = await import('../dist/app/kassa.js')
const { loadConfig } = await import('../dist/config/index.js')

async function open(dir) {
  const config = loadConfig({ KASSA_DATA_DIR: dir, PORT: '0', KASSA_SIM_BLOCK_SECONDS: '0', KASSA_LOG_LEVEL: 'silent' })
  return Kassa.open({ config, logger: pino({ level: 'silent' }) })
}

if (mode === undefined) {
  // Parent: seed, then one child per way.
  const { parseStoreCurrencies } = await import('../dist/domain/stores/store.js')
  const { createPayment } = await import('../dist/services/payments/create-payment.js')
  const dir = mkdtempSync(join(os.tmpdir(), 'kassa-bench-csv-'))
  const kassa = await open(dir)
  const { store } = await kassa.stores.createStore({ name: 'Bench', currencies: parseStoreCurrencies('USDT_TRC20') })
  const first = await createPayment(kassa.deps, kassa.rates, store, { amount: '25', source: 'api', orderId: 'order-0' })
  const db = kassa.database.db
  const row = await db.selectFrom('payments').selectAll().where('id', '=', first.payment.id).executeTakeFirstOrThrow()
  const t0 = performance.now()
  for (let i = 1; i < ROWS; i += 500) {
    const batch = []
    for (let j = i; j < Math.min(i + 500, ROWS); j++) {
      // Completed copies: no amount slot held, a varied order id (some needing quotes), times spread out.
      batch.push({
        ...row,
        id: randomUUID(),
        order_id: j % 7 === 0 ? `=order,"${j}"` : `order-${j}`,
        status: 'completed',
        created_at: row.created_at - j * 1000,
      })
    }
    await db.insertInto('payments').values(batch).execute()
  }
  console.error(`seeded ${ROWS} payments in ${Math.round(performance.now() - t0)} ms`)
  await kassa.close()
  const results = {}
  for (const way of ['whole', 'streamed']) {
    const child = spawnSync(process.execPath, [import.meta.filename, way, dir, store.id], { encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`${way}: ${child.stderr}`)
    results[way] = JSON.parse(child.stdout)
  }
  rmSync(dir, { recursive: true, force: true })
  console.log(JSON.stringify({ rows: ROWS, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, ...results }, null, 2))
  process.exit(0)
}

// Child: one export, measured.
const { searchPayments } = await import('../dist/services/dashboard/payment-search.js')
const { PAYMENT_CSV_HEADER, csvLine, paymentCsvLine } = await import('../dist/services/dashboard/payment-csv.js')
const { paymentCsvChunks } = await import('../dist/services/dashboard/payment-csv-export.js')
const kassa = await open(dataDir)
const repos = kassa.repos
global.gc?.()
const heapBefore = process.memoryUsage().heapUsed
const late = []
let last = performance.now()
const ticker = setInterval(() => {
  const now = performance.now()
  late.push(Math.max(0, now - last - 1))
  last = now
}, 1)
let bytes = 0
let heapPeak = 0
const t0 = performance.now()
if (mode === 'whole') {
  const { payments } = await searchPayments(repos, storeId, {}, { limit: 50_000, offset: 0 })
  const text = csvLine(PAYMENT_CSV_HEADER) + payments.map(paymentCsvLine).join('')
  heapPeak = process.memoryUsage().heapUsed
  bytes = Buffer.byteLength(text)
} else {
  const sink = new Writable({
    write(chunk, _enc, done) {
      bytes += chunk.length
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
      setImmediate(done)
    },
  })
  await pipeline(Readable.from(paymentCsvChunks(repos, storeId, {}), { objectMode: false }), sink)
}
const ms = performance.now() - t0
// One more turn, so a stall that lasted to the end is recorded by the timers that it held up.
await new Promise((resolve) => setTimeout(resolve, 20))
clearInterval(ticker)
late.sort((a, b) => a - b)
await kassa.close()
console.log(
  JSON.stringify({
    bytes,
    total_ms: Math.round(ms),
    timer_ticks: late.length,
    timer_worst_late_ms: Math.round(late[late.length - 1] ?? 0),
    timer_p99_late_ms: Math.round(late[Math.floor(late.length * 0.99)] ?? 0),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    heap_growth_mb: Math.round((heapPeak - heapBefore) / 1048576),
  }),
)
