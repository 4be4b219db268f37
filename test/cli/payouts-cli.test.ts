import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { SecretBox } from '../../src/security/secret-box.js'
import { kassaEnv, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'

/**
 * `kassa secret seal`, `store create --live`, `withdraw` and `payouts` as an operator types them,
 * with an EVM network configured (no node is asked: none of these commands sends anything).
 */
describe('kassa secret seal, withdraw and payouts', () => {
  let dir: string
  let env: KassaEnv
  const masterKey = randomBytes(32)
  const box = new SecretBox(masterKey)

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kassa-payout-cli-'))
    const networks = join(dir, 'networks.json')
    writeFileSync(
      networks,
      JSON.stringify([
        {
          name: 'local',
          chainId: 31337,
          rpcUrl: 'http://127.0.0.1:9',
          deposits: { mnemonic: box.seal(generateMnemonic(wordlist)) },
          hotWallet: { privateKey: box.seal(generatePrivateKey()) },
        },
      ]),
    )
    env = kassaEnv({
      KASSA_DATA_DIR: dir,
      KASSA_MASTER_KEY: masterKey.toString('base64'),
      KASSA_EVM_NETWORKS_FILE: networks,
      DATABASE_URL: '',
    })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('secret seal prints the input sealed under the master key', async () => {
    const secret = generateMnemonic(wordlist)
    const r = await withStdin(['secret', 'seal'], env, `${secret}\n`)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(box.open(r.stdout.trim()), secret)
    const empty = await withStdin(['secret', 'seal'], env, '')
    assert.equal(empty.code, 1)
    assert.match(empty.stderr, /^kassa: nothing on standard input/)
  })

  test('a live store takes only currencies a configured network serves', async () => {
    const refused = await runCli(['store', 'create', '--name', 'Live', '--currencies', 'ETH,BTC', '--live'], env)
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^kassa: live stores need a configured real network for each currency; none serves BTC/)
  })

  test('withdraw refuses with one line and leaves nothing behind; payouts list shows none', async () => {
    const created = await runCli(['store', 'create', '--name', 'Live', '--currencies', 'ETH', '--live', '--json'], env)
    assert.equal(created.code, 0, created.stderr)
    const store = JSON.parse(created.stdout) as { store_id: string }
    const to = privateKeyToAccount(generatePrivateKey()).address
    const over = await runCli(['withdraw', '--store', store.store_id, '--currency', 'ETH', '--amount', '0.1', '--to', to], env)
    assert.equal(over.code, 1)
    assert.equal(over.stderr.trim(), 'kassa: Withdrawal of 0.1 ETH exceeds the available balance of 0 ETH.')
    const bad = await runCli(
      ['withdraw', '--store', store.store_id, '--currency', 'ETH', '--amount', '0.1', '--to', to.toLowerCase().replace('0x', '0X')],
      env,
    )
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /^kassa: 0X[0-9a-f]{40} is not a valid address \(or its checksum is wrong\) on evm-local\.\n$/)
    const list = await runCli(['payouts', 'list', '--json'], env)
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual(JSON.parse(list.stdout), [])
  })
})

function withStdin(args: string[], env: KassaEnv, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kassa.js', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}
