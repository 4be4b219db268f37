// Pages and widgets (figures in docs/PERFORMANCE.md). Run: npm run build && node bench/pages.js
//
// 1. widget.js and donate-widget.js as served with gzip: bytes on the wire (target < 8 KB each).
// 2. The payment page's first load in Chromium: every response's transferred bytes, headers
//    included, from navigation to load (target < 100 KB). The event stream stays open, so its
//    first event is counted, not the stream's whole life.
// 3. "Transfer seen → open page shows it": a page is open on a pending payment; a simulated
//    transfer is sent and the chain watcher runs; t0 is when the watcher's pass has committed
//    the transfer, t1 when the page's status text has changed (polled from the test side, so
//    t1 − t0 is an upper bound). BENCH_PAGE_RUNS times (default 20); target < 1 s.
// In-process Kassa on SQLite in a temp dir, simulated networks, no background loops.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pino from 'pino'

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 20)
const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  console.error(`bench/pages.js needs ${CHROMIUM} (apt-get install chromium)`)
  process.exit(1)
}

const { Kassa } = await import('../dist/app/kassa.js')
const { loadConfig } = await import('../dist/config/index.js')
const { buildHttpApp } = await import('../dist/http/app.js')
const { parseStoreCurrencies } = await import('../dist/domain/stores/store.js')
const { createPayment } = await import('../dist/services/payments/create-payment.js')
const { chromium } = await import('playwright-core')

const dataDir = mkdtempSync(join(os.tmpdir(), 'kassa-bench-pages-'))
const config = loadConfig({ KASSA_DATA_DIR: dataDir, PORT: '0', KASSA_SIM_BLOCK_SECONDS: '0', KASSA_LOG_LEVEL: 'silent' })
const kassa = await Kassa.open({ config, logger: pino({ level: 'silent' }) })
const app = await buildHttpApp(kassa, { docs: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${app.server.address().port}`
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

try {
  const out = {}
  for (const name of ['widget.js', 'donate-widget.js']) {
    const plain = await (await fetch(`${base}/${name}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()
    const res = await fetch(`${base}/${name}`, { headers: { 'accept-encoding': 'gzip' } })
    const wire = Number(res.headers.get('content-length') ?? 0) || (await res.arrayBuffer()).byteLength
    out[name] = { bytes: plain.byteLength, gzip_bytes: wire }
  }

  const { store } = await kassa.stores.createStore({ name: 'Bench', currencies: parseStoreCurrencies('USDT_TRC20') })
  const newPayment = async () => {
    const r = await createPayment(kassa.deps, kassa.rates, store, { amount: '25', source: 'api' })
    return r.payment
  }

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
  const first = await newPayment()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  // Per request: bytes of finished responses, and for the still-open event stream what
  // arrived so far (headers and first event).
  const bytes = new Map()
  const urls = new Map()
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, e.response.url.replace(base, ''))
    bytes.set(e.requestId, (bytes.get(e.requestId) ?? 0) + (e.response.encodedDataLength ?? 0))
  })
  cdp.on('Network.dataReceived', (e) => bytes.set(e.requestId, (bytes.get(e.requestId) ?? 0) + e.encodedDataLength))
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength))
  await page.goto(`${base}/pay/${first.id}`, { waitUntil: 'load' })
  await page.waitForTimeout(300)
  const firstLoad = [...bytes].map(([id, n]) => ({ url: urls.get(id), bytes: n }))
  const transferred = firstLoad.reduce((a, r) => a + r.bytes, 0)
  await cdp.send('Network.disable')
  out.payment_page = { transferred_bytes: transferred, responses: firstLoad }

  const latencies = []
  for (let i = 0; i < RUNS; i++) {
    const p = await newPayment()
    await page.goto(`${base}/pay/${p.id}`, { waitUntil: 'load' })
    // The event stream is open; a random wait so transfers land at any phase of the 250 ms hub tick.
    await page.waitForTimeout(150 + Math.random() * 250)
    await kassa.simulation.pay(p.id)
    await kassa.runWorkersOnce()
    const t0 = performance.now()
    await page.waitForFunction(() => document.body.getAttribute('data-status') === 'confirming', null, { polling: 5, timeout: 5000 })
    latencies.push(performance.now() - t0)
  }
  latencies.sort((a, b) => a - b)
  const q = (f) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]
  out.transfer_to_page_ms = { runs: RUNS, median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +latencies.at(-1).toFixed(1) }
  out.targets = {
    widget_under_8kb: out['widget.js'].gzip_bytes < 8192,
    donate_widget_under_8kb: out['donate-widget.js'].gzip_bytes < 8192,
    page_under_100kb: transferred < 100 * 1024,
    transfer_to_page_under_1s: latencies.at(-1) < 1000,
  }
  console.log(JSON.stringify(out, null, 2))
  process.exitCode = Object.values(out.targets).every(Boolean) ? 0 : 2
} finally {
  await browser.close()
  await app.close()
  await kassa.close()
  rmSync(dataDir, { recursive: true, force: true })
}
