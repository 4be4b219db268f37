import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { databaseVariants } from '../samples/database-variants.js'
import type { VariantDatabase } from '../samples/database-variants.js'
import { assertGracefulStop, makeDataDir, runCli, startServer, tearDownServer } from '../samples/server-process.js'
import type { CliResult, ServerProcess } from '../samples/server-process.js'
import { getPaymentStatus, pollPayment, signedRequest } from '../samples/signed-request.js'
import type { StoreCredentials } from '../samples/signed-request.js'

/**
 * The `kassa` command as an operator uses it: beside a running `kassa serve` on the same data
 * dir and database, so every change the CLI makes must be seen by the server (and the other
 * way round). Tests in a suite run in order and share its server; the chain ones build on
 * each other (pay → confirm → complete → reorg), as they would at a terminal.
 */

const variants = await databaseVariants()

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** USDT has 6 decimals on TRON. */
const USDT_DECIMALS = 6

interface CreatedStore {
  store_id: string
  api_key: string
  api_secret: string
  webhook_secret: string
}

function creds(s: { api_key: string; api_secret: string }): StoreCredentials {
  return { apiKey: s.api_key, apiSecret: s.api_secret }
}

/** A JSON amount (number or decimal text) in atomic units, so money is compared exactly. */
function atomic(amount: unknown, decimals = USDT_DECIMALS): bigint {
  const text = typeof amount === 'number' ? amount.toFixed(decimals) : String(amount)
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  assert.ok(m, `not an amount: ${JSON.stringify(amount)}`)
  const frac = (m[2] ?? '').padEnd(decimals, '0')
  assert.equal(frac.length, decimals, `${text} has more than ${decimals} decimals`)
  return BigInt(m[1]! + frac)
}

function assertOk(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
}

/** Exit 1 and one line on stderr matching `pattern`: no stack trace, no help text. */
function assertOneLineError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `expected exit 1, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `stack trace on stderr:\n${r.stderr}`)
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '')
  assert.equal(lines.length, 1, `expected a one-line message on stderr, got ${lines.length} lines:\n${r.stderr}`)
  assert.match(lines[0]!, pattern)
}

// The variants run side by side (each has its own server and database); a variant's own
// tests run in order.
describe('kassa CLI beside kassa serve', { concurrency: true }, () => {
  for (const variant of variants) {
    describe(variant.name, { skip: variant.skip ?? false, concurrency: false }, () => {
      let db: VariantDatabase | undefined
      let dataDir: string | undefined
      let server: ServerProcess
      const cli = (...args: string[]) => runCli(args, server.env)
      const api = (store: { api_key: string; api_secret: string }, method: 'GET' | 'POST', path: string, body?: unknown) =>
        signedRequest(server.baseUrl, creds(store), method, path, body)

      /** Made by the first tests, used by the later ones (this suite runs in order). */
      let shop: CreatedStore | undefined
      let plain: CreatedStore | undefined
      let completed: { id: string; store: CreatedStore } | undefined

      async function createPayment(store: CreatedStore, amount: string): Promise<{ payment_id: string; amount: string }> {
        const r = await api(store, 'POST', '/api/v1/payment/create', { amount, order_id: `CLI-${randomUUID()}` })
        assert.equal(r.status, 200, r.text)
        assert.equal(r.json.data.status, 'pending', r.text)
        return r.json.data
      }

      before(async () => {
        db = await variant.create()
        dataDir = await makeDataDir()
        server = await startServer({ dataDir, databaseUrl: db.databaseUrl })
      })

      after(() => tearDownServer(server, db, dataDir))

      test('store create --json prints one object: store_id, api_key, api_secret, webhook_secret', async () => {
        const r = await cli('store', 'create', '--name', 'CLI shop', '--currencies', 'USDT_TRC20', '--json')
        assertOk(r, 'store create --json')
        const lines = r.stdout.trim().split('\n')
        assert.equal(lines.length, 1, `expected one line of JSON, got:\n${r.stdout}`)
        const o = JSON.parse(lines[0]!) as CreatedStore
        assert.deepEqual(Object.keys(o).sort(), ['api_key', 'api_secret', 'store_id', 'webhook_secret'])
        assert.match(o.store_id, UUID)
        assert.match(o.api_key, /^pk_test_[0-9a-zA-Z]{16,}$/)
        assert.match(o.api_secret, /^sk_test_[0-9a-zA-Z]{32,}$/)
        assert.match(o.webhook_secret, /^whsec_[0-9a-zA-Z]{32,}$/)
        // The printed credentials are the real ones: the running server accepts them.
        const balance = await api(o, 'GET', '/api/v1/merchant/balance')
        assert.equal(balance.status, 200, balance.text)
        shop = o
      })

      test('store create without --json prints store_id and each secret, once', async () => {
        const r = await cli('store', 'create', '--name', 'Plain shop', '--currencies', 'USDT_TRC20')
        assertOk(r, 'store create')
        assert.equal(r.stderr, '')
        const field = (name: string) => {
          const m = new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(r.stdout)
          assert.ok(m, `no ${name} line in:\n${r.stdout}`)
          return m[1]!
        }
        const o: CreatedStore = {
          store_id: field('store_id'),
          api_key: field('api_key'),
          api_secret: field('api_secret'),
          webhook_secret: field('webhook_secret'),
        }
        assert.match(o.store_id, UUID)
        assert.match(o.api_key, /^pk_test_/)
        assert.match(o.api_secret, /^sk_test_/)
        assert.match(o.webhook_secret, /^whsec_/)
        for (const secret of [o.api_secret, o.webhook_secret]) {
          assert.equal(r.stdout.split(secret).length - 1, 1, `${secret.slice(0, 8)}… printed more than once`)
        }
        const balance = await api(o, 'GET', '/api/v1/merchant/balance')
        assert.equal(balance.status, 200, balance.text)
        plain = o
      })

      test('store create with an unknown currency exits 1 with a one-line message', async () => {
        const r = await cli('store', 'create', '--name', 'Bad shop', '--currencies', 'USDT_TRC20,DOGE')
        assertOneLineError(r, /DOGE/)
        assert.equal(r.stdout, '')
      })

      test('store create without --name exits 1 with a one-line message', async () => {
        const r = await cli('store', 'create', '--currencies', 'USDT_TRC20')
        assertOneLineError(r, /--name/)
      })

      test('store list --json shows the two stores made, no secrets, and nothing from the failed creates', async () => {
        assert.ok(shop && plain, 'the store create tests did not run')
        const r = await cli('store', 'list', '--json')
        assertOk(r, 'store list --json')
        const stores = JSON.parse(r.stdout) as { store_id: string; name: string }[]
        assert.deepEqual(stores.map((s) => s.name).sort(), ['CLI shop', 'Plain shop'])
        assert.deepEqual(stores.map((s) => s.store_id).sort(), [shop.store_id, plain.store_id].sort())
        for (const secret of [shop.api_secret, shop.webhook_secret, plain.api_secret, plain.webhook_secret]) {
          assert.ok(!r.stdout.includes(secret), 'store list printed a secret')
        }
      })

      test('store update --expiry-minutes 5 --json: the next payment expires 5 min after creation', async () => {
        assert.ok(shop, 'the store create --json test did not run')
        const r = await cli('store', 'update', shop.store_id, '--expiry-minutes', '5', '--json')
        assertOk(r, 'store update --expiry-minutes')
        const updated = JSON.parse(r.stdout) as { store_id: string; expiry_minutes: number }
        assert.equal(updated.store_id, shop.store_id)
        assert.equal(updated.expiry_minutes, 5)

        const startedSec = Math.floor(Date.now() / 1000)
        const p = await createPayment(shop, '10.00')
        const endedSec = Math.ceil(Date.now() / 1000)
        const expires = Date.parse((await getPaymentStatus(server.baseUrl, creds(shop), p.payment_id)).expires_at) / 1000
        assert.ok(
          expires >= startedSec + 300 && expires <= endedSec + 300,
          `expires_at is ${expires - startedSec} s after creation, expected 300 s (5 min)`,
        )
      })

      test('store update --disable: the server then refuses the store’s signed requests with 403', async () => {
        assert.ok(plain, 'the plain store create test did not run')
        const r = await cli('store', 'update', plain.store_id, '--disable')
        assertOk(r, 'store update --disable')
        assert.match(r.stdout, /disabled/)
        for (const [method, path, body] of [
          ['GET', '/api/v1/merchant/balance', undefined],
          ['POST', '/api/v1/payment/create', { amount: '5.00' }],
        ] as const) {
          const res = await api(plain, method, path, body)
          assert.equal(res.status, 403, `${method} ${path}: ${res.text}`)
          assert.equal(res.json?.success, false)
          assert.equal(typeof res.json?.error, 'string')
        }
      })

      test('store update of an unknown store id exits 1', async () => {
        const r = await cli('store', 'update', randomUUID(), '--name', 'Nobody')
        assertOneLineError(r, /not found/i)
      })

      test('simulate pay → the server sees the transfer (confirming); simulate mine 19 → completed', async () => {
        assert.ok(shop, 'the store create --json test did not run')
        const p = await createPayment(shop, '25.00')
        const pay = await cli('simulate', 'pay', p.payment_id)
        assertOk(pay, 'simulate pay')
        assert.match(pay.stdout, /tx_hash: [0-9a-f]{64}/)

        const seen = await pollPayment(server.baseUrl, creds(shop), p.payment_id, (x) => x.status !== 'pending')
        assert.equal(seen.status, 'confirming')
        assert.equal(atomic(seen.amount_received), atomic(p.amount))
        assert.equal(seen.confirmations, 0)

        const mine = await cli('simulate', 'mine', '19', '--network', 'sim-tron')
        assertOk(mine, 'simulate mine 19')
        assert.match(mine.stdout, /^sim-tron: mined 19\b/m)
        const done = await pollPayment(server.baseUrl, creds(shop), p.payment_id, (x) => x.status !== 'confirming')
        assert.equal(done.status, 'completed')
        assert.ok(Number(done.confirmations) >= 19, `confirmations ${done.confirmations}`)
        assert.match(String(done.tx_hash), /^[0-9a-f]{64}$/)
        assert.notEqual(done.confirmed_at, null)

        const balance = await api(shop, 'GET', '/api/v1/merchant/balance')
        assert.equal(balance.status, 200, balance.text)
        const usdt = balance.json.data.USDT_TRC20
        const received = atomic(p.amount)
        const commission = received / 100n // the default 1 %
        assert.equal(atomic(usdt.available), received - commission)
        assert.equal(atomic(usdt.total_commission), commission)
        completed = { id: p.payment_id, store: shop }
      })

      test('simulate reorg 25 drops the transfer: the payment reopens and its credit is reversed', async () => {
        assert.ok(completed, 'the simulate pay/mine test did not complete a payment')
        const { id, store } = completed
        const r = await cli('simulate', 'reorg', '25', '--network', 'sim-tron')
        assertOk(r, 'simulate reorg 25')
        assert.match(r.stdout, /^sim-tron: replaced 25 block\(s\)/m)

        const p = await pollPayment(server.baseUrl, creds(store), id, (x) => x.status !== 'completed')
        assert.equal(p.status, 'pending', 'the transfer vanished, so the payment waits again')
        assert.equal(atomic(p.amount_received), 0n)
        assert.equal(p.confirmed_at, null)

        const balance = await api(store, 'GET', '/api/v1/merchant/balance')
        assert.equal(balance.status, 200, balance.text)
        const usdt = balance.json.data.USDT_TRC20
        assert.equal(atomic(usdt.available), 0n, 'the reorged payment is still credited')
        assert.equal(atomic(usdt.pending), 0n)
        assert.equal(atomic(usdt.total_received), 0n)
        assert.equal(atomic(usdt.total_commission), 0n)
      })

      test('simulate pay --amount (half): mined and confirmed, the payment stays pending with half received', async () => {
        // Its own address per payment: on a unique-amount address a partial transfer matches no
        // payment by design (it becomes an unmatched deposit), so it could not count as "half".
        const s = await cli('store', 'create', '--name', 'Partial shop', '--currencies', 'USDT_TRC20:unique_address', '--json')
        assertOk(s, 'store create (unique_address)')
        const store = JSON.parse(s.stdout) as CreatedStore
        const p = await createPayment(store, '20.50')
        assert.equal(atomic(p.amount), 20_500_000n)
        const half = '10.25'

        const pay = await cli('simulate', 'pay', p.payment_id, '--amount', half)
        assertOk(pay, 'simulate pay --amount')
        assert.match(pay.stdout, /^sent 10\.25\d* USDT_TRC20 /m)
        const mine = await cli('simulate', 'mine', '19', '--network', 'sim-tron')
        assertOk(mine, 'simulate mine 19')

        const settled = await pollPayment(server.baseUrl, creds(store), p.payment_id, (x) => Number(x.confirmations) >= 19)
        assert.ok(Number(settled.confirmations) >= 19, `the transfer was not confirmed: ${JSON.stringify(settled)}`)
        assert.equal(settled.status, 'pending')
        assert.equal(atomic(settled.amount_received), atomic(half))
      })

      test('simulate pay of an unknown payment id exits 1', async () => {
        const r = await cli('simulate', 'pay', randomUUID())
        assertOneLineError(r, /not found/i)
      })

      test('migrate on an initialised database exits 0 and says it is up to date', async () => {
        const r = await cli('migrate')
        assertOk(r, 'migrate')
        assert.match(r.stdout, /up to date/)
      })

      test('kassa serve exits 0 within 5 s of SIGTERM', async () => {
        await assertGracefulStop(server)
      })
    })
  }
})
