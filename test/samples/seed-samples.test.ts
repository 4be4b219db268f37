import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { databaseVariants } from './database-variants.js'
import { seedSpec } from './seed-spec.js'
import type { VariantDatabase } from './database-variants.js'
import { assertGracefulStop, kassaEnv, makeDataDir, runCli, runProcess, startServer, tearDownServer } from './server-process.js'
import type { CliResult, ServerProcess } from './server-process.js'
import { getPaymentStatus } from './signed-request.js'
import type { StoreCredentials } from './signed-request.js'

/**
 * The seed's own code samples (コード例), run unchanged against a real `kassa serve`: a merchant
 * who copies them from the docs must get a payment. The files next to this test are the seed's
 * text verbatim; only the three placeholders are replaced, textually, in a temp copy.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const SEED_SPEC = seedSpec('seed-merchant-api.txt')
const PLACEHOLDER = { apiKey: 'your_api_key', apiSecret: 'your_api_secret', baseUrl: 'https://soko.ai' } as const

const SAMPLE_FILES = ['seed-sample.php', 'seed-sample.py', 'seed-sample.cjs', 'seed-sample-curl.sh'] as const

/** A program is usable when it runs `args` with exit 0. */
async function works(command: string, args: string[]): Promise<boolean> {
  try {
    return (await runProcess(command, args, { timeoutMs: 10_000 })).code === 0
  } catch {
    return false // not installed: spawn failed with ENOENT
  }
}

/** The seed's Python sample needs `requests`: the PATH python3 if it has it, else Debian's. */
async function findPython(): Promise<string | undefined> {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (await works(candidate, ['-c', 'import requests'])) return candidate
  }
  return undefined
}

const [variants, python, php] = await Promise.all([databaseVariants(), findPython(), works('sh', ['-c', 'command -v php'])])

/** A copy of the sample with the placeholders filled in; fails if one is missing. */
async function preparedSample(file: string, dir: string, server: ServerProcess, store: StoreCredentials): Promise<string> {
  const text = await readFile(join(HERE, file), 'utf8')
  for (const p of Object.values(PLACEHOLDER)) assert.ok(text.includes(p), `${file} no longer contains the placeholder ${p}`)
  const filled = text
    .replaceAll(PLACEHOLDER.baseUrl, server.baseUrl)
    .replaceAll(PLACEHOLDER.apiSecret, store.apiSecret)
    .replaceAll(PLACEHOLDER.apiKey, store.apiKey)
  const path = join(dir, file)
  await writeFile(path, filled)
  return path
}

function assertRan(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
}

/** The payment id in a payment_url the sample printed; asserts the URL is the local server's. */
function paymentIdFromUrl(url: string, server: ServerProcess): string {
  const prefix = `${server.baseUrl}/pay/`
  assert.ok(url.startsWith(prefix), `payment_url ${JSON.stringify(url)} does not start with ${prefix}`)
  const id = url.slice(prefix.length)
  assert.match(id, /^[0-9a-f-]{36}$/, `payment_url ends in ${JSON.stringify(id)}, not a payment id`)
  return id
}

test('the sample files are the seed text verbatim', { skip: SEED_SPEC.skip }, async () => {
  const seed = await SEED_SPEC.read()
  for (const file of SAMPLE_FILES) {
    const sample = await readFile(join(HERE, file), 'utf8')
    assert.ok(sample.trim().length > 100, `${file} is empty`)
    assert.ok(seed.includes(sample.replace(/\n$/, '')), `${file} differs from the seed's コード例`)
  }
})

// The variants run side by side (each has its own server and database); a variant's own
// tests run in order.
describe('seed code samples against kassa serve', { concurrency: true }, () => {
  for (const variant of variants) {
    describe(variant.name, { skip: variant.skip ?? false, concurrency: false }, () => {
      let db: VariantDatabase | undefined
      let dataDir: string | undefined
      let server: ServerProcess
      let store: StoreCredentials
      let sampleDir: string

      before(async () => {
        db = await variant.create()
        dataDir = await makeDataDir()
        server = await startServer({ dataDir, databaseUrl: db.databaseUrl })
        const r = await runCli(['store', 'create', '--name', 'Seed shop', '--currencies', 'USDT_TRC20', '--json'], server.env)
        assertRan(r, 'kassa store create')
        const created = JSON.parse(r.stdout) as { api_key: string; api_secret: string }
        store = { apiKey: created.api_key, apiSecret: created.api_secret }
        sampleDir = join(dataDir, 'samples')
        await mkdir(sampleDir)
      })

      after(() => tearDownServer(server, db, dataDir))

      /** The signed status call of the seed (timestamp + 'GET' + path + ''): the payment waits. */
      async function assertPendingPayment(paymentId: string, orderIdPattern: RegExp): Promise<void> {
        const p = await getPaymentStatus(server.baseUrl, store, paymentId)
        assert.equal(p.payment_id, paymentId)
        assert.equal(p.status, 'pending')
        assert.equal(p.currency, 'USDT_TRC20')
        assert.equal(p.amount_requested, 100)
        assert.equal(p.amount_received, 0)
        assert.match(String(p.order_id), orderIdPattern)
      }

      test('Python sample (requests) creates a payment', async () => {
        assert.ok(python, 'no python3 with the requests module: install python3-requests (apt) or `pip install requests`')
        const file = await preparedSample('seed-sample.py', sampleDir, server, store)
        const r = await runProcess(python, [file], { env: kassaEnv({}), timeoutMs: 15_000 })
        assertRan(r, 'the Python sample')
        const id = paymentIdFromUrl(r.stdout.trim(), server)
        await assertPendingPayment(id, /^ORDER-\d{10}$/)
      })

      test('Node.js sample (global fetch) creates a payment', async () => {
        const file = await preparedSample('seed-sample.cjs', sampleDir, server, store)
        const r = await runProcess(process.execPath, [file], { env: kassaEnv({}), timeoutMs: 15_000 })
        assertRan(r, 'the Node.js sample')
        const id = paymentIdFromUrl(r.stdout.trim(), server)
        await assertPendingPayment(id, /^ORDER-\d{13}$/)
      })

      test('cURL sample (bash + openssl) creates a payment', async () => {
        const file = await preparedSample('seed-sample-curl.sh', sampleDir, server, store)
        const r = await runProcess('bash', [file], { env: kassaEnv({}), timeoutMs: 15_000 })
        assertRan(r, 'the cURL sample')
        const body = JSON.parse(r.stdout) as { success: unknown; data?: { payment_id?: string; payment_url?: string } }
        assert.equal(body.success, true, r.stdout)
        const id = paymentIdFromUrl(String(body.data?.payment_url), server)
        assert.equal(body.data?.payment_id, id)
        await assertPendingPayment(id, /^ORDER-1$/)
      })

      if (php) {
        test('PHP sample (curl extension) creates a payment', async () => {
          const file = await preparedSample('seed-sample.php', sampleDir, server, store)
          const r = await runProcess('php', [file], { env: kassaEnv({}), timeoutMs: 15_000 })
          assertRan(r, 'the PHP sample')
          const id = paymentIdFromUrl(r.stdout.trim(), server)
          await assertPendingPayment(id, /^ORDER-\d{10}$/)
        })
      } else {
        test.skip('PHP sample: php is not installed on this machine')
      }

      test('kassa serve exits 0 within 5 s of SIGTERM', async () => {
        await assertGracefulStop(server)
      })
    })
  }
})
