import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { SecretBox } from '../../src/security/secret-box.js'
import { kassaEnv, runCli } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'
import { bitcoinNodesSkipReason, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode } from '../support/bitcoin-node/index.js'

/**
 * The Bitcoin commands as an operator types them, with a real btcd configured as
 * `bitcoin-regtest`: a live BTC store, `deposits gap`, and `payouts bump` refusing what it
 * cannot bump with one line.
 */
const skip = bitcoinNodesSkipReason(['BTC'])

describe('kassa deposits gap and payouts bump on a Bitcoin network', { skip }, () => {
  let dir: string
  let env: KassaEnv
  let node: BitcoinNode
  const masterKey = randomBytes(32)
  const box = new SecretBox(masterKey)

  before(async () => {
    node = await startBitcoinNode({ coin: 'BTC' })
    dir = mkdtempSync(join(tmpdir(), 'kassa-bitcoin-cli-'))
    const networks = join(dir, 'bitcoin-networks.json')
    writeFileSync(
      networks,
      JSON.stringify([
        {
          name: 'regtest',
          coin: 'BTC',
          chain: 'regtest',
          rpcUrl: node.rpcUrl,
          rpcUser: node.rpcUser,
          rpcPassword: box.seal(node.rpcPassword),
          deposits: { mnemonic: box.seal(generateMnemonic(wordlist)) },
          hotWallet: { privateKey: box.seal(randomBytes(32).toString('hex')) },
          gapLimit: 20,
        },
      ]),
    )
    env = kassaEnv({
      KASSA_DATA_DIR: dir,
      KASSA_MASTER_KEY: masterKey.toString('base64'),
      KASSA_BITCOIN_NETWORKS_FILE: networks,
      DATABASE_URL: '',
    })
  })
  after(async () => {
    rmSync(dir, { recursive: true, force: true })
    await node?.stop()
  })

  test('a live BTC store; its payments take the next addresses; deposits gap counts them', async () => {
    const created = await runCli(['store', 'create', '--name', 'Live', '--currencies', 'BTC', '--live', '--json'], env)
    assert.equal(created.code, 0, created.stderr)
    const gap = await runCli(['deposits', 'gap', '--network', 'bitcoin-regtest', '--json'], env)
    assert.equal(gap.code, 0, gap.stderr)
    assert.deepEqual(JSON.parse(gap.stdout), {
      network: 'bitcoin-regtest',
      handedOut: 0,
      used: 0,
      longestUnusedRun: 0,
      neededGapLimit: 1,
      configuredGapLimit: 20,
    })
    const text = await runCli(['deposits', 'gap', '--network', 'bitcoin-regtest'], env)
    assert.match(text.stdout, /^bitcoin-regtest: 0 addresses handed out, 0 paid; .* needs a gap limit of at least 1\n$/)
  })

  test('payouts bump: an unknown payout is one line naming it', async () => {
    const r = await runCli(['payouts', 'bump', '0190f0f0-0000-7000-8000-000000000000', '--fee-rate', '5'], env)
    assert.equal(r.code, 1)
    assert.equal(r.stderr.trim(), 'kassa: Payout 0190f0f0-0000-7000-8000-000000000000 not found.')
    const bad = await runCli(['payouts', 'bump', 'x', '--fee-rate', '0'], env)
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /--fee-rate must be a whole number ≥ 1/)
  })
})
