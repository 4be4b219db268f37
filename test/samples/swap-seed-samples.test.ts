import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { kassaEnv, makeDataDir, removeDataDir, runCli, runProcess, startServer } from './server-process.js'
import type { ServerProcess } from './server-process.js'
import { seedSpec } from './seed-spec.js'

/**
 * The Swap API seed's samples against a real `kassa serve` (SQLite), with a key from
 * `kassa account create --json`: the cURL line verbatim; the Node.js and Python requests as
 * the seed writes them (their Express/Flask wrappers replaced by a direct call); the PHP
 * order's payload posted with curl. Only the base URL and the key are replaced.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const SEED_BASE = 'https://api.secretcryptos.com'

async function python(): Promise<string | undefined> {
  for (const p of ['python3', '/usr/bin/python3']) {
    try {
      if ((await runProcess(p, ['-c', 'import requests'], { timeoutMs: 10_000 })).code === 0) return p
    } catch {
      // not installed
    }
  }
  return undefined
}

const py = await python()

/**
 * A sample's request as the seed prints it: its lines that name the seed's base URL, with a
 * shell line continuation (`\` at the end) joined to the next line as the flattened seed shows it.
 */
async function requestText(file: string): Promise<string[]> {
  const text = (await readFile(join(HERE, file), 'utf8')).replace(/\\\n/g, '\\ ')
  return text.split('\n').filter((line) => line.includes(SEED_BASE))
}

const SWAP_SPEC = seedSpec('seed-swap-api.txt')

test("the samples' requests are the seed's text", { skip: SWAP_SPEC.skip }, async () => {
  const seed = await SWAP_SPEC.read()
  for (const file of ['swap-sample-curl.sh', 'swap-sample.mjs', 'swap-sample.py']) {
    const lines = await requestText(file)
    assert.ok(lines.length > 0, `${file} names no ${SEED_BASE} URL`)
    for (const line of lines) assert.ok(seed.includes(line), `${file}: ${JSON.stringify(line)} is not in the seed`)
  }
})

describe('Swap API seed samples against kassa serve', () => {
  let server: ServerProcess
  let dataDir: string
  let dir: string
  let key: string

  const localCopy = async (file: string): Promise<string> => {
    const text = (await readFile(join(HERE, file), 'utf8')).replaceAll(SEED_BASE, server.baseUrl).replaceAll('YOUR_API_KEY', key)
    const out = join(dir, file)
    await writeFile(out, text)
    return out
  }

  before(async () => {
    dataDir = await makeDataDir()
    server = await startServer({ dataDir })
    const r = await runCli(['account', 'create', '--name', 'Seed partner', '--json'], server.env)
    assert.equal(r.code, 0, r.stderr)
    const created = JSON.parse(r.stdout) as Record<string, string>
    assert.deepEqual(Object.keys(created), ['account_id', 'swap_api_key', 'partner_key'])
    key = created.swap_api_key!
    dir = join(dataDir, 'samples')
    await mkdir(dir)
  })
  after(async () => {
    await server?.stop()
    if (dataDir) await removeDataDir(dataDir)
  })

  test('cURL: GET /v1/meta/mixer with the Bearer key', async () => {
    const r = await runProcess('bash', [await localCopy('swap-sample-curl.sh')], { timeoutMs: 15_000 })
    assert.equal(r.code, 0, r.stderr)
    const body = JSON.parse(r.stdout)
    assert.equal(body.ok, true)
    assert.equal(body.coins[0].coin, 'btc')
  })

  test('Node.js: GET /v1/meta/exchange', async () => {
    const r = await runProcess(process.execPath, [await localCopy('swap-sample.mjs')], {
      env: kassaEnv({ SECRETCRYPTOS_API_KEY: key }),
      timeoutMs: 15_000,
    })
    assert.equal(r.code, 0, r.stderr)
    const [status, text] = [r.stdout.slice(0, 3), r.stdout.slice(4)]
    assert.equal(status, '200')
    assert.equal(JSON.parse(text!).pairs.length, 90)
  })

  test('Python: GET /v1/meta/mixer', { skip: py ? false : 'no python3 with requests' }, async () => {
    const r = await runProcess(py!, [await localCopy('swap-sample.py')], {
      env: kassaEnv({ SECRETCRYPTOS_API_KEY: key }),
      timeoutMs: 15_000,
    })
    assert.equal(r.code, 0, r.stderr)
    const [status, ...rest] = r.stdout.split('\n')
    assert.equal(status, '200')
    assert.equal(JSON.parse(rest.join('\n')).ok, true)
  })

  test("the PHP sample's mixer order, posted with curl: the seed's plan; then screening refuses it", async () => {
    const payload = JSON.stringify({
      action: 'create_order',
      addresses: [
        { address: '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', percent: '84.93', delay: '0' },
        { address: '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', percent: '15.07', delay: '120' },
      ],
      amount: '10.00000000',
      crypto: 'btc',
      network: 'btc',
      service_fee: 0.45,
    })
    const post = () =>
      runProcess(
        'curl',
        [
          '-s',
          '-X',
          'POST',
          `${server.baseUrl}/v1/mixer/orders?pretty=1`,
          '-H',
          `Authorization: Bearer ${key}`,
          '-H',
          'Content-Type: application/json',
          '-d',
          payload,
        ],
        { timeoutMs: 15_000 },
      )
    const r = await post()
    const body = JSON.parse(r.stdout)
    assert.deepEqual(
      body.outputs.map((o: { amount: string }) => o.amount),
      ['8.45469657', '1.50020343'],
    )
    assert.equal(body.fees.fee_total, '0.04510000')
    assert.ok(r.stdout.includes('\n  "fees": {'), 'pretty-printed')
    const add = await runCli(['screening', 'add', '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', '--reason', 'test'], server.env)
    assert.equal(add.code, 0, add.stderr)
    const list = await runCli(['screening', 'list', '--json'], server.env)
    assert.equal(JSON.parse(list.stdout)[0].address, '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM')
    const refused = JSON.parse((await post()).stdout)
    assert.equal(refused.code, 'FORBIDDEN')
  })

  test('kassa account rotate and disable: the old key is refused at once, the new one works until disabled', async () => {
    const ping = (k: string) =>
      runProcess(
        'curl',
        ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${k}`, `${server.baseUrl}/v1/meta/mixer`],
        { timeoutMs: 15_000 },
      )
    const created = JSON.parse((await runCli(['account', 'create', '--name', 'Rotating', '--json'], server.env)).stdout) as Record<
      string,
      string
    >
    const rotated = await runCli(['account', 'rotate', created.account_id!, '--json'], server.env)
    assert.equal(rotated.code, 0, rotated.stderr)
    const next = JSON.parse(rotated.stdout) as Record<string, string>
    assert.equal((await ping(created.swap_api_key!)).stdout, '401')
    assert.equal((await ping(next.swap_api_key!)).stdout, '200')
    assert.equal((await runCli(['account', 'disable', created.account_id!], server.env)).code, 0)
    assert.equal((await ping(next.swap_api_key!)).stdout, '403')
    const unknown = await runCli(['account', 'rotate', '00000000-0000-0000-0000-000000000000'], server.env)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /^kassa: Account .* has no Swap API keys\.\n$/)
  })
})
