// The floor of a durable create: the least work any server must do to answer Kassa's signed
// `POST /api/v1/payment/create` on a unique-address store, written as plainly as possible, so
// that bench/create-floor.js can tell what of a create's CPU is Kassa's and what is the job's.
// Not Kassa: no validation, no error envelopes, no logging, no Kysely, one store, BTC only.
// Started by bench/create-floor.js as a child process, 127.0.0.1 only.
//
// FLOOR_MODE=post: Fastify parses the JSON body and answers a fixed create-shaped body, nothing
//   else: what a POST with a body costs over the GET of the ceiling.
// FLOOR_MODE=create (needs FLOOR_DB, FLOOR_STORE_ID, FLOOR_API_KEY, FLOOR_API_SECRET): the
//   signature checked (one HMAC-SHA256, as Kassa), then the same rows Kassa writes for a create
//   on the same database file (made by Kassa's migrations): the signature record, the address
//   counter, the deposit address, the payment. Concurrent creates share one transaction (group
//   commit, as Kassa), without a savepoint each: the signature record is the first write and
//   the only one that can refuse. A worker thread runs a PASSIVE WAL checkpoint every 100 ms on
//   a connection of its own, as Kassa's does; its CPU is this process's too.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import Fastify from 'fastify'
import { serveUntilSignal } from './lib/serve.js'

const require = createRequire(import.meta.url)
const port = Number(process.env.PORT)
const mode = process.env.FLOOR_MODE ?? 'post'
if (!Number.isInteger(port) || port <= 0 || !['post', 'create'].includes(mode)) {
  console.error('floor-server: PORT must be a port number and FLOOR_MODE post or create')
  process.exit(1)
}

const PATH = '/api/v1/payment/create'
const PUBLIC_URL = 'http://127.0.0.1:3000'
const EXPIRY_MS = 30 * 60_000
const SIGNATURE_TTL_MS = 10 * 60_000

const app = Fastify({ logger: false })
// The raw text is what is signed; JSON.parse of it is all the parsing a create needs here.
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
  try {
    done(null, { text: body, json: JSON.parse(body) })
  } catch (err) {
    done(err)
  }
})
app.get('/readyz', async () => ({ status: 'ready' }))

const answer = (id, address, expiresAt) => ({
  success: true,
  data: {
    payment_id: id,
    amount: 0.001,
    currency: 'BTC',
    pay_address: address,
    status: 'pending',
    expires_at: new Date(expiresAt).toISOString().slice(0, 19) + 'Z',
    payment_url: `${PUBLIC_URL}/pay/${id}`,
    test_mode: true,
  },
})

if (mode === 'post') {
  const id = 'da2de618-a303-419f-9cfb-39a27d6dc27b'
  const fixed = answer(id, 'tb1qks2ksqltq2uwg3ffrqkujelxcpw8c202kkxzlq', Date.now() + EXPIRY_MS)
  app.post(PATH, async () => fixed)
} else {
  const Database = require('better-sqlite3')
  const { bech32 } = require('bech32')
  const db = new Database(process.env.FLOOR_DB)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('cache_size = -16000')
  db.pragma('wal_autocheckpoint = 10000')
  const storeId = process.env.FLOOR_STORE_ID
  const apiKey = process.env.FLOOR_API_KEY
  const secret = process.env.FLOOR_API_SECRET
  const network = 'sim-bitcoin'

  // Every column of `payments` as Kassa's migrations left it, so the row is as wide as Kassa's.
  const columns = db.prepare('select name from pragma_table_info(?)').pluck().all('payments')
  const insertPayment = db.prepare(
    `insert into payments (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
  )
  const blankRow = Object.fromEntries(columns.map((c) => [c, null]))
  const rememberSignature = db.prepare(
    'insert into seen_signatures (store_id, signature, expires_at) values (?, ?, ?) on conflict do nothing',
  )
  const nextIndex = db
    .prepare(
      'insert into address_counters (store_id, network, next_index) values (?, ?, 0) ' +
        'on conflict (store_id, network) do update set next_index = next_index + 1 returning next_index',
    )
    .pluck()
  const insertAddress = db.prepare(
    'insert into deposit_addresses (network, address, store_id, derivation_index, payment_id, created_at) values (?, ?, ?, ?, ?, ?)',
  )
  const begin = db.prepare('begin immediate')
  const commit = db.prepare('commit')

  // A time-ordered id, as Kassa's (uuid v7 layout: 48 bits of milliseconds, then random).
  const paymentId = (now) => {
    const hex = now.toString(16).padStart(12, '0') + createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 20)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
  const address = (index) => {
    const hash = createHash('sha256').update(`${network}\u0000${storeId}\u0000${index}`).digest().subarray(0, 20)
    return bech32.encode('bcrt', [0, ...bech32.toWords(hash)])
  }

  /** One unit: the rows of one create. Answers the reply, or null for a replayed signature. */
  const createOne = ({ signature, signedAt, orderId, now }) => {
    // Keyed by the signed timestamp, as Kassa's: the same signed bytes always meet the same row.
    if (rememberSignature.run(storeId, signature, signedAt + SIGNATURE_TTL_MS).changes === 0) return null
    const id = paymentId(now)
    const index = nextIndex.get(storeId, network)
    const payAddress = address(index)
    insertAddress.run(network, payAddress, storeId, index, id, now)
    const expiresAt = now + EXPIRY_MS
    insertPayment.run({
      ...blankRow,
      id,
      store_id: storeId,
      order_id: orderId,
      status: 'pending',
      currency: 'BTC',
      network,
      strategy: 'unique_address',
      pay_address: payAddress,
      amount_requested: '100000',
      amount_with_cents: '100000',
      amount_received: '0',
      source: 'api',
      confirmations: 0,
      test_mode: 1,
      expires_at: expiresAt,
      created_at: now,
      updated_at: now,
      ledger_pending: '0',
      ledger_credited: '0',
      ledger_fee: '0',
    })
    return answer(id, payAddress, expiresAt)
  }

  // Group commit: units queued during one turn of the event loop share one transaction.
  let queue = []
  const flush = () => {
    const batch = queue
    queue = []
    begin.run()
    let replies
    try {
      replies = batch.map((u) => createOne(u))
      commit.run()
    } catch (err) {
      // Not expected (no unit can break a constraint); the benchmark counts the 500s as errors.
      db.exec('rollback')
      for (const u of batch) u.fail(err)
      return
    }
    for (const [i, u] of batch.entries()) u.done(replies[i])
  }

  app.post(PATH, (req, reply) => {
    const h = req.headers
    const body = req.body
    const expected = createHmac('sha256', secret)
      .update(h['x-timestamp'] + 'POST' + PATH + body.text)
      .digest()
    const given = Buffer.from(String(h['x-signature']), 'hex')
    if (h['x-api-key'] !== apiKey || given.length !== 32 || !timingSafeEqual(given, expected)) {
      reply.code(401).send({ success: false, error: { code: 'AUTH_INVALID', message: 'bad signature' } })
      return
    }
    if (queue.length === 0) setImmediate(flush)
    queue.push({
      signature: h['x-signature'],
      signedAt: Number(h['x-timestamp']) * 1000,
      orderId: body.json.order_id,
      now: Date.now(),
      done: (r) => (r ? reply.send(r) : reply.code(401).send({ success: false, error: { code: 'AUTH_REPLAYED' } })),
      fail: (err) => reply.code(500).send({ success: false, error: { code: 'INTERNAL', message: String(err) } }),
    })
  })

  const checkpointer = new Worker(
    `const { workerData } = require('node:worker_threads')
     const db = new (require(workerData.driver))(workerData.file)
     db.pragma('busy_timeout = 1000')
     const cp = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
     setInterval(() => cp.get(), 100)`,
    { eval: true, workerData: { file: process.env.FLOOR_DB, driver: require.resolve('better-sqlite3') } },
  )
  checkpointer.unref()
}

await serveUntilSignal(app, port)
