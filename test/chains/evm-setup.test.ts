import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import type { Hex } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { openEvmNetwork } from '../../src/chains/adapters/evm/evm-network.js'
import { ConfigError } from '../../src/config/config-error.js'
import { parseEvmNetworks } from '../../src/config/evm-networks.js'
import { SecretBox } from '../../src/security/secret-box.js'
import { freePort } from '../samples/server-process.js'
import { deploy, startAnvil } from '../support/anvil.js'
import type { Anvil } from '../support/anvil.js'

/** A node or a configuration that is not what it should be: refused with a message that says why. */
describe('EVM network set-up', () => {
  let anvil: Anvil
  let token: Hex
  let notAToken: Hex
  const masterKey = randomBytes(32)
  const box = new SecretBox(masterKey)
  const mnemonic = generateMnemonic(wordlist)

  before(async () => {
    anvil = await startAnvil()
    token = await deploy(anvil, 'TestToken')
    notAToken = await deploy(anvil, 'NotAToken')
  })
  after(async () => {
    await anvil?.stop()
  })

  const entry = (over: Record<string, unknown> = {}) => ({
    name: 'anvil',
    chainId: anvil.chainId,
    rpcUrl: anvil.url,
    deposits: { mnemonic: box.seal(mnemonic) },
    hotWallet: { privateKey: box.seal(generatePrivateKey()) },
    ...over,
  })
  const adapter = (over: Record<string, unknown> = {}) => openEvmNetwork(parseEvmNetworks([entry(over)], 'test')[0]!, box)

  test('the configured node and token pass', async () => {
    await adapter({ tokens: [{ currency: 'USDT_ERC20', contract: token, decimals: 6 }] }).verify()
  })

  test('a wrong chain id is refused, naming both ids', async () => {
    await assert.rejects(adapter({ chainId: 1 }).verify(), /serves chain id 31337, but the configuration says 1/)
  })

  test('a token contract that is not an ERC-20, or no contract at all, is refused', async () => {
    await assert.rejects(
      adapter({ tokens: [{ currency: 'USDT_ERC20', contract: notAToken, decimals: 6 }] }).verify(),
      /is not an ERC-20 token/,
    )
    await assert.rejects(
      adapter({ tokens: [{ currency: 'USDT_ERC20', contract: anvil.funder.address, decimals: 6 }] }).verify(),
      /has no code/,
    )
  })

  test('an unreachable node is CHAIN_UNAVAILABLE, for the watcher to retry', async () => {
    const port = await freePort()
    await assert.rejects(
      adapter({ rpcUrl: `http://127.0.0.1:${port}` }).verify(),
      (err: Error & { code?: string }) => err.code === 'CHAIN_UNAVAILABLE' && /evm-anvil/.test(err.message),
    )
  })

  test('configuration mistakes are refused before any node is asked', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ deposits: { mnemonic } }, /must be sealed with `kassa secret seal`/],
      [{ hotWallet: { privateKey: generatePrivateKey() } }, /must be sealed/],
      [{ deposits: { xpub: 'xpub123' } }, /extended public key/],
      [{ chainId: 0 }, /chainId/],
      [{ rpcUrl: 'ftp://node' }, /http\(s\)/],
      [{ name: 'Main Net' }, /lowercase/],
      [{ tokens: [{ currency: 'USDT_ERC20', contract: token, decimals: 18 }] }, /has 6 decimals in Kassa; the config says 18/],
      [{ tokens: [{ currency: 'BTC', contract: token, decimals: 8 }] }, /BTC is not an ERC-20 currency/],
      [{ tokens: [{ currency: 'USDT_ERC20', contract: '0x12', decimals: 6 }] }, /must be an EVM address/],
      [{ nativeCurrency: 'TRX' }, /not an EVM chain's coin/],
      [{ unknown: 1 }, /Unrecognized key/],
    ]
    for (const [over, message] of bad) {
      assert.throws(
        () => parseEvmNetworks([entry(over)], 'networks.json'),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
        JSON.stringify(over),
      )
    }
    assert.throws(() => parseEvmNetworks([entry(), entry()], 'networks.json'), /appears twice/)
  })

  test('keys sealed under another master key, or one key for both roles, are refused', () => {
    const other = new SecretBox(randomBytes(32))
    assert.throws(() => adapter({ deposits: { mnemonic: other.seal(mnemonic) } }), /cannot be opened with this master key/)
    assert.throws(() => adapter({ hotWallet: { mnemonic: box.seal(mnemonic) } }), /must come from different keys/)
    assert.throws(() => adapter({ deposits: { mnemonic: box.seal('not a mnemonic at all') } }), /not a valid BIP39 mnemonic/)
  })

  test('kassa serve refuses to start against the wrong chain, with a one-line reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-evm-serve-'))
    try {
      const file = join(dir, 'networks.json')
      writeFileSync(file, JSON.stringify([entry({ chainId: 5 })]))
      const child = spawn(process.execPath, ['bin/kassa.js', 'serve'], {
        env: {
          ...process.env,
          KASSA_DATA_DIR: dir,
          PORT: '0',
          KASSA_MASTER_KEY: masterKey.toString('base64'),
          KASSA_EVM_NETWORKS_FILE: file,
          KASSA_LOG_LEVEL: 'silent',
          DATABASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
      })
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        child.once('exit', (c) => {
          clearTimeout(timer)
          resolve(c)
        })
      })
      assert.equal(code, 1)
      assert.match(stderr, /^kassa: evm-anvil: the node at .* serves chain id 31337, but the configuration says 5$/m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
