// The TRON latency target, with the background loops running as `kassa serve` runs them: from
// the block holding a payment's transfer being produced to the payment showing `confirming`
// ≤ 1 s, at the TRON default poll interval of 250 ms. A TRX payment and a USDT one per sample.
// Run: node --import tsx bench/tron-latency.js [samples=20]
//
// The TRON node double (test/support/tron-node/) runs in a child process, as a node is another
// process: Kassa (SQLite, listening on 127.0.0.1, t.kassa.startWorkers()) reaches it over HTTP
// and JSON-RPC on 127.0.0.1 and nothing else. Each measured block is full: 300 real signed
// transactions (150 TRX, 150 USDT transfers between strangers, the payment among them at a random
// place), broadcast to the double and verified before the block is made, so that making the
// block (`mine`) takes milliseconds and the double keeps answering Kassa's polls meanwhile. The
// block is produced at a random point of the watcher's poll cycle; the signed Merchant API is
// polled every 5 ms. Latency = the first poll that reads `confirming` − the moment `mine`
// returned in the double's process (both clocks: performance.timeOrigin + performance.now()).
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const TARGET_MS = 1000
const POLL_MS = 250
const now = () => performance.timeOrigin + performance.now()

if (process.argv[2] === '--node-double') await nodeDouble()
else await main()

async function main() {
  const { testDialects } = await import('../test/support/databases.ts')
  const { startTronKassa } = await import('../test/support/tron-kassa.ts')
  const { parseAmount } = await import('../src/money/index.ts')
  const SAMPLES = Number(process.argv[2] ?? 20)
  const double = await startDouble()
  let t
  try {
    // What startTronKassa asks of a node it is given: its network, its URL, and the hot wallet funded.
    const node = { network: 'nile', url: double.url, setAccount: (address, setup) => double.call({ op: 'setAccount', address, setup }) }
    const [sqlite] = await testDialects()
    t = await startTronKassa(sqlite, node)
    if (t.adapter.pollIntervalMs !== POLL_MS) throw new Error(`the TRON poll interval is ${t.adapter.pollIntervalMs} ms, not ${POLL_MS}`)
    const store = await t.createStore('USDT_TRC20,TRX', { mode: 'live' })
    t.kassa.startWorkers()

    const statusOf = async (id) => (await t.request(store, 'GET', `/api/v1/payment/${id}`)).json.data
    const sample = async (currency, amount) => {
      const created = await t.request(store, 'POST', '/api/v1/payment/create', { amount, currency })
      if (created.status !== 200) throw new Error(`create: ${created.text}`)
      const p = created.json.data
      const atomic = parseAmount(String(p.amount), 6)
      if (!atomic.ok) throw new Error(`amount ${p.amount}`)
      const filled = await double.call({
        op: 'fill',
        pay: { kind: currency === 'TRX' ? 'trx' : 'usdt', to: p.pay_address, amount: atomic.atomic },
      })
      // Produced at a random point of the watcher's poll cycle, as real blocks are.
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS))
      const mining = double.call({ op: 'mine' })
      const start = performance.now()
      for (;;) {
        const s = await statusOf(p.payment_id)
        const seen = now()
        if (s.status === 'confirming') {
          const mined = await mining
          const got = parseAmount(String(s.amount_received), 6)
          if (!got.ok || got.atomic !== atomic.atomic) throw new Error(`${p.payment_id}: received ${s.amount_received}, not ${p.amount}`)
          return { ms: seen - mined.minedAt, mineMs: mined.mineMs, fillMs: filled.ms, transactions: mined.transactions, kassa: mined.kassa }
        }
        if (s.status !== 'pending') throw new Error(`${p.payment_id} is ${s.status}`)
        if (performance.now() - start > 10_000) throw new Error(`${p.payment_id} not confirming 10 s after its block was asked for`)
        await new Promise((r) => setTimeout(r, 5))
      }
    }

    const trx = []
    const usdt = []
    const mineMs = []
    const fillMs = []
    const blockSizes = new Set()
    let kassaBroadcasts = 0
    const load = [loadavg()]
    for (let i = 0; i < SAMPLES; i++) {
      for (const [list, currency, amount] of [
        [trx, 'TRX', '150'],
        [usdt, 'USDT_TRC20', '25.00'],
      ]) {
        const s = await sample(currency, amount)
        list.push(s.ms)
        mineMs.push(s.mineMs)
        fillMs.push(s.fillMs)
        blockSizes.add(s.transactions)
        kassaBroadcasts += s.kassa.length
      }
    }
    load.push(loadavg())
    const stats = (xs) => {
      const s = [...xs].sort((a, b) => a - b)
      const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]
      return { p50Ms: Math.round(q(0.5)), p95Ms: Math.round(q(0.95)), maxMs: Math.round(s[s.length - 1]), samples: s.length }
    }
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      loadAverage: load.map((l) => l.map((x) => x.toFixed(2)).join(' ')),
      pollIntervalMs: POLL_MS,
      transactionsPerBlock: [...blockSizes],
      kassaOwnTransactionsInThem: kassaBroadcasts,
      blockProducedToConfirming: { TRX: stats(trx), USDT_TRC20: stats(usdt), both: stats([...trx, ...usdt]) },
      double: { mineMs: stats(mineMs), fillMs: stats(fillMs) },
    }
    result.targets = { confirmingUnder1s: result.blockProducedToConfirming.both.maxMs <= TARGET_MS }
    console.log(JSON.stringify(result, null, 2))
    await t.close()
    await double.stop()
    process.exit(result.targets.confirmingUnder1s ? 0 : 2)
  } catch (err) {
    await t?.close().catch(() => undefined)
    await double.stop()
    throw err
  }
}

/** The node double in a child process (tsx, as this one), driven over IPC; bigints pass as they are. */
async function startDouble() {
  const child = fork(fileURLToPath(import.meta.url), ['--node-double'], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
  const waiting = new Map()
  let seq = 0
  const info = await new Promise((resolve, reject) => {
    // A double that dies fails the bench at once rather than leaving a call waiting forever.
    child.once('exit', (code, signal) => {
      const err = `the node double exited (${signal ?? code})`
      reject(new Error(err))
      for (const settle of waiting.values()) settle({ error: err })
      waiting.clear()
    })
    child.on('message', (m) => {
      if (m.ready) return resolve(m)
      waiting.get(m.seq)?.(m)
      waiting.delete(m.seq)
    })
  })
  return {
    ...info,
    call: (msg) =>
      new Promise((resolve, reject) => {
        const s = ++seq
        waiting.set(s, (m) => (m.error ? reject(new Error(m.error)) : resolve(m)))
        child.send({ ...msg, seq: s })
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.removeAllListeners('exit')
        child.once('exit', resolve)
        child.send({ op: 'stop' })
      }),
  }
}

/**
 * Child side. `fill` signs 300 transfers with keys it holds (funded on the double) and
 * broadcasts them as a wallet would (decoded and verified by the double as java-tron does);
 * `mine` makes the block of them.
 */
async function nodeDouble() {
  const { signedTransfer, startTronNode } = await import('../test/support/tron-node/tron-node.ts')
  const { decodeTransaction } = await import('../test/support/tron-node/transaction-codec.ts')
  const { addressOfPrivateKey } = await import('../test/support/tron-node/signing.ts')
  const { hexToBytes } = await import('../test/support/tron-node/bytes.ts')
  const node = await startTronNode({ network: 'nile' })
  const senders = Array.from({ length: 50 }, () => {
    const key = new Uint8Array(randomBytes(32))
    const address = addressOfPrivateKey(key)
    node.setAccount(address, { trx: 10n ** 15n, usdt: 10n ** 15n })
    return key
  })
  const stranger = () => `41${randomBytes(20).toString('hex')}`
  const ours = new Set()
  const broadcast = (key, t) => {
    const { hex, txid } = signedTransfer(node, key, t)
    ours.add(txid)
    const r = node.receiveBroadcast(decodeTransaction(hexToBytes(hex)), '/wallet/broadcasthex')
    if (!r.accepted) throw new Error(`the double refused a transfer: ${r.code} ${r.message}`)
  }
  const handlers = {
    setAccount: (m) => node.setAccount(m.address, m.setup),
    fill: (m) => {
      const t0 = performance.now()
      const pays = [
        ...Array.from({ length: 150 }, () => ({ kind: 'trx', to: stranger() })),
        ...Array.from({ length: 150 }, () => ({ kind: 'usdt', to: stranger() })),
      ]
      pays[m.pay.kind === 'trx' ? 0 : 150] = m.pay
      for (let i = pays.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1))
        ;[pays[i], pays[j]] = [pays[j], pays[i]]
      }
      for (const [i, p] of pays.entries()) {
        const amount = p.amount ?? BigInt(1 + Math.floor(Math.random() * 5_000_000_000))
        broadcast(senders[i % senders.length], { to: p.to, amount, ...(p.kind === 'usdt' && { token: 'USDT', feeLimit: 100_000_000n }) })
      }
      return { ms: performance.now() - t0 }
    },
    mine: () => {
      const t0 = performance.now()
      const [b] = node.mine()
      const minedAt = now()
      // Anything else in the block is Kassa's own: the payout worker sweeping completed deposits.
      const kassa = b.txs.filter((t) => !ours.has(t.tx.txid)).map((t) => t.tx.txid)
      return { minedAt, mineMs: performance.now() - t0, height: Number(b.number), transactions: b.txs.length, kassa }
    },
  }
  process.on('disconnect', () => process.exit(0))
  process.on('message', (m) => {
    if (m.op === 'stop') return void node.stop().then(() => process.exit(0))
    try {
      process.send({ seq: m.seq, ...handlers[m.op](m) })
    } catch (err) {
      process.send({ seq: m.seq, error: String(err?.stack ?? err) })
    }
  })
  process.send({ ready: true, url: node.url })
}
