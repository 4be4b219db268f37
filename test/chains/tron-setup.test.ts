import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { HDKey } from '@scure/bip32'
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { TronSetupError } from '../../src/chains/adapters/tron/tron-adapter.js'
import { TRON_ACCOUNT_PATH, tronAddressOfPrivateKey } from '../../src/chains/adapters/tron/tron-keys.js'
import { openTronNetwork } from '../../src/chains/adapters/tron/tron-network.js'
import { ConfigError } from '../../src/config/config-error.js'
import { loadConfig } from '../../src/config/index.js'
import { parseTronNetworks, TRON_CHAINS } from '../../src/config/tron-networks.js'
import { ChainUnavailableError } from '../../src/errors/index.js'
import { SecretBox } from '../../src/security/secret-box.js'
import { freePort } from '../samples/server-process.js'
import { testDialects } from '../support/databases.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { usdtContractOf } from '../support/tron-kassa.js'
import { startTronNode } from '../support/tron-node/tron-node.js'
import type { TronNode } from '../support/tron-node/tron-node.js'
import { serveWithNetworksFile } from '../support/serve-process.js'

/**
 * `verify()`, what `kassa serve` asks each TRON network before it starts: the node must be the
 * configured chain (block 0's id over the HTTP API, the chain id over JSON-RPC), the USDT
 * contract a contract whose decimals() says 6, the keys must open and be two different keys.
 * Each refusal names the field of KASSA_TRON_NETWORKS_FILE to fix. A node that does not answer
 * is not a set-up error: the watcher waits for it.
 *
 * Against the node double (test/support/tron-node/), which serves each network's recorded
 * genesis id and JSON-RPC chain id (test/fixtures/tron/networks.json).
 */
const MAINNET_USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'

/** decimals() answered as a 32-byte word, the way the double answers it. */
const word = (n: bigint) => n.toString(16).padStart(64, '0')

const dialects = await testDialects()

describe('TRON network set-up on the node double', () => {
  let nile: TronNode
  let shasta: TronNode
  const masterKey = randomBytes(32)
  const box = new SecretBox(masterKey)
  const mnemonic = generateMnemonic(wordlist)
  const hotKeyHex = randomBytes(32).toString('hex')
  /** Deposit address 0's private key: what a hot wallet must never be. */
  const depositKey0 = Buffer.from(HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(`${TRON_ACCOUNT_PATH}/0/0`).privateKey!)

  before(async () => {
    nile = await startTronNode({ network: 'nile' })
    shasta = await startTronNode({ network: 'shasta' })
  })
  after(async () => {
    await nile?.stop()
    await shasta?.stop()
  })

  const entry = (over: Record<string, unknown> = {}, node = nile): Record<string, unknown> => ({
    name: 'nile',
    chain: 'nile',
    httpUrl: node.url,
    jsonRpcUrl: node.jsonRpcUrl,
    deposits: { mnemonic: box.seal(mnemonic) },
    hotWallet: { privateKey: box.seal(hotKeyHex) },
    usdt: { contract: usdtContractOf(node), decimals: 6 },
    ...over,
  })
  const adapter = (over: Record<string, unknown> = {}, node = nile) =>
    openTronNetwork(parseTronNetworks([entry(over, node)], 'test')[0]!, box)
  /** A TronSetupError whose message starts with the file and network and names `field`. */
  const setupError =
    (field: string, ...parts: (string | RegExp)[]) =>
    (err: unknown): boolean => {
      assert.ok(err instanceof TronSetupError, `a TronSetupError, not ${String(err)}`)
      assert.ok(err.message.startsWith(`KASSA_TRON_NETWORKS_FILE: tron-nile: [${field}] `), err.message)
      for (const p of parts) {
        if (typeof p === 'string') assert.ok(err.message.includes(p), `${err.message}\n  should name ${p}`)
        else assert.match(err.message, p)
      }
      return true
    }
  const configError =
    (field: string, message: RegExp) =>
    (err: unknown): boolean => {
      assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`)
      assert.ok(err.message.startsWith(`KASSA_TRON_NETWORKS_FILE: tron-nile: [${field}] `), err.message)
      assert.match(err.message, message)
      return true
    }

  test('the configured node passes: its genesis, its JSON-RPC chain id, its USDT and its decimals', async () => {
    const a = adapter()
    await a.verify()
    assert.deepEqual(a.currencies, ['USDT_TRC20', 'TRX'])
    assert.equal(a.capabilities.supportsSend, true)
    // Shasta configured as Shasta, with Shasta's token; TRX only (no usdt) asks no contract.
    await adapter({ name: 'nile', chain: 'shasta' }, shasta).verify()
    const trxOnly = adapter({ usdt: undefined })
    await trxOnly.verify()
    assert.deepEqual(trxOnly.currencies, ['TRX'])
    // A network of one's own, named by its genesis id (here the double's Nile genesis).
    await adapter({ chain: 'private', genesisBlockId: nile.genesisBlockId }).verify()
    // Only deposit addresses (an xpub), no hot wallet: receives only.
    const xpub = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(TRON_ACCOUNT_PATH).publicExtendedKey
    const receiveOnly = adapter({ deposits: { xpub }, hotWallet: undefined })
    await receiveOnly.verify()
    assert.equal(receiveOnly.capabilities.supportsSend, false)
    assert.equal(
      receiveOnly.receive.deriveAddress('any', 0),
      adapter().receive.deriveAddress('any', 0),
      'the xpub derives the same addresses',
    )
  })

  test('a node of another chain is refused, naming [chain] and both genesis ids', async () => {
    // The double runs Shasta; the file says Nile.
    await assert.rejects(
      adapter({ usdt: undefined }, shasta).verify(),
      setupError(
        'chain',
        `the node at ${shasta.url} has genesis block ${TRON_CHAINS.shasta}`,
        `chain "nile" begins with ${TRON_CHAINS.nile}`,
      ),
    )
    assert.equal(shasta.genesisBlockId, TRON_CHAINS.shasta)
    // Mainnet's file against a Nile node.
    await assert.rejects(
      adapter({ chain: 'mainnet', usdt: { contract: MAINNET_USDT, decimals: 6 } }).verify(),
      setupError('chain', TRON_CHAINS.nile, `chain "mainnet" begins with ${TRON_CHAINS.mainnet}`),
    )
    // A private chain whose genesis is not the node's.
    const other = randomBytes(32).toString('hex')
    await assert.rejects(adapter({ chain: 'private', genesisBlockId: other }).verify(), setupError('chain', TRON_CHAINS.nile, other))
    // A node that has no block 0 (it answers {} as for any block it lacks).
    nile.injectFault({ match: '/wallet/getblockbynum', respond: () => ({}) })
    await assert.rejects(adapter().verify(), setupError('chain', 'has genesis block (none)'))
  })

  test('a jsonRpcUrl of another chain, or one that is no TRON JSON-RPC, is refused naming [jsonRpcUrl]', async () => {
    // The HTTP API is Nile's, the JSON-RPC Shasta's: the chain ids are the genesis ids' last 4 bytes.
    await assert.rejects(
      adapter({ jsonRpcUrl: shasta.jsonRpcUrl }).verify(),
      setupError(
        'jsonRpcUrl',
        `${shasta.jsonRpcUrl} serves chain id ${shasta.jsonRpcChainId}`,
        `not chain "nile" (${nile.jsonRpcChainId})`,
      ),
    )
    assert.equal(shasta.jsonRpcChainId, '0x94a9059e')
    assert.equal(nile.jsonRpcChainId, '0xcd8690dc')
    // TronGrid's root without /jsonrpc: the node answers 404 there.
    await assert.rejects(
      adapter({ jsonRpcUrl: nile.url }).verify(),
      setupError('jsonRpcUrl', 'does not answer as a TRON node does', /HTTP 404/),
    )
    // And the other way round: the JSON-RPC URL given as the HTTP API.
    await assert.rejects(
      adapter({ httpUrl: nile.jsonRpcUrl }).verify(),
      setupError('httpUrl', 'does not answer as a TRON node does', /HTTP 404/),
    )
  })

  test('a usdt.contract where the chain has no contract is refused naming [usdt.contract]', async () => {
    // Mainnet's USDT address on a Nile node: the classic copy-paste mistake.
    await assert.rejects(
      adapter({ usdt: { contract: MAINNET_USDT, decimals: 6 } }).verify(),
      setupError('usdt.contract', `${MAINNET_USDT} is not a contract on chain "nile"`),
    )
    // An ordinary account, even one that exists and holds TRX.
    const wallet = tronAddressOfPrivateKey(Uint8Array.from(Buffer.from(hotKeyHex, 'hex')))
    nile.setAccount(wallet, { trx: 5_000_000n })
    await assert.rejects(adapter({ usdt: { contract: wallet, decimals: 6 } }).verify(), setupError('usdt.contract', wallet))
  })

  test('a token whose decimals() is not 6 is refused naming [usdt.decimals]; one that cannot answer, [usdt.contract]', async () => {
    const usdt = usdtContractOf(nile)
    nile.injectFault({
      match: '/wallet/triggerconstantcontract',
      respond: (real) => ({ ...(real as Record<string, unknown>), constant_result: [word(18n)] }),
    })
    await assert.rejects(adapter().verify(), setupError('usdt.decimals', `${usdt} has 18 decimals; the configuration says 6`))
    // The contract reverts decimals() (not a TRC-20 token).
    nile.injectFault({
      match: '/wallet/triggerconstantcontract',
      respond: () => ({ result: { code: 'CONTRACT_VALIDATE_ERROR', message: '' } }),
    })
    await assert.rejects(adapter().verify(), setupError('usdt.contract', `${usdt} is not a TRC-20 token`))
    // The faults were what made it fail: the same configuration passes once they are spent.
    await adapter().verify()
  })

  test('keys sealed under another master key, or that are no keys, are refused naming the field', () => {
    const other = new SecretBox(randomBytes(32))
    const notOpened = /cannot be opened with this master key \(sealed with another one\?\)$/
    assert.throws(() => adapter({ deposits: { mnemonic: other.seal(mnemonic) } }), configError('deposits.mnemonic', notOpened))
    assert.throws(() => adapter({ hotWallet: { privateKey: other.seal(hotKeyHex) } }), configError('hotWallet.privateKey', notOpened))
    assert.throws(
      () => adapter({ hotWallet: { mnemonic: other.seal(generateMnemonic(wordlist)) } }),
      configError('hotWallet.mnemonic', notOpened),
    )
    // Opened, but not a key: a phrase with a wrong checksum word, a private key of zero.
    const words = mnemonic.split(' ')
    // (12 words carry a 4-bit checksum: one last word in 16 is still valid, so pick one that is not.)
    const badChecksum = wordlist.map((last) => [...words.slice(0, -1), last].join(' ')).find((m) => !validateMnemonic(m, wordlist))!
    assert.throws(
      () => adapter({ deposits: { mnemonic: box.seal(badChecksum) } }),
      configError('deposits.mnemonic', /not a valid BIP39 mnemonic/),
    )
    assert.throws(
      () => adapter({ hotWallet: { mnemonic: box.seal('one two three') } }),
      configError('hotWallet.mnemonic', /not a valid BIP39/),
    )
    assert.throws(
      () => adapter({ hotWallet: { privateKey: box.seal('00'.repeat(32)) } }),
      configError('hotWallet.privateKey', /not a valid secp256k1 key/),
    )
    assert.throws(() => adapter({ hotWallet: { privateKey: box.seal('xyz') } }), configError('hotWallet.privateKey', /32 bytes of hex/))
    // No message repeats a secret.
    try {
      adapter({ hotWallet: { mnemonic: box.seal(badChecksum) } })
      assert.fail('refused')
    } catch (err) {
      assert.ok(!(err as Error).message.includes(words.slice(0, 3).join(' ')), (err as Error).message)
    }
  })

  test('a hot wallet that is deposit address 0 of the same keys is refused', () => {
    const same = configError('hotWallet', /the hot wallet and the deposit addresses must come from different keys/)
    // The same mnemonic in both places (the hot wallet is its m/44'/195'/0'/0/0).
    assert.throws(() => adapter({ hotWallet: { mnemonic: box.seal(mnemonic) } }), same)
    // Deposit address 0's private key as the hot wallet key, with or without 0x.
    assert.throws(() => adapter({ hotWallet: { privateKey: box.seal(depositKey0.toString('hex')) } }), same)
    assert.throws(() => adapter({ hotWallet: { privateKey: box.seal(`0x${depositKey0.toString('hex')}`) } }), same)
    // The xpub of the same account: Kassa sees it too.
    const xpub = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(TRON_ACCOUNT_PATH).publicExtendedKey
    assert.throws(() => adapter({ deposits: { xpub }, hotWallet: { mnemonic: box.seal(mnemonic) } }), same)
    // Deposit address 1's key is another key: accepted (only address 0 is the hot wallet's own).
    const key1 = Buffer.from(HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(`${TRON_ACCOUNT_PATH}/0/1`).privateKey!)
    assert.equal(adapter({ hotWallet: { privateKey: box.seal(key1.toString('hex')) } }).capabilities.supportsSend, true)
  })

  test('a node that does not answer is CHAIN_UNAVAILABLE, not a set-up error', async () => {
    const down = `http://127.0.0.1:${await freePort()}`
    const unavailable = (err: unknown) => {
      assert.ok(err instanceof ChainUnavailableError, `ChainUnavailableError, not ${String(err)}`)
      assert.equal(err.code, 'CHAIN_UNAVAILABLE')
      assert.match(err.message, /^The tron-nile node is unavailable: /)
      return true
    }
    await assert.rejects(adapter({ httpUrl: down, jsonRpcUrl: `${down}/jsonrpc` }).verify(), unavailable)
    // The HTTP API answers, the JSON-RPC does not.
    await assert.rejects(adapter({ jsonRpcUrl: `${down}/jsonrpc` }).verify(), unavailable)
    // A node whose HTTP API answers 503 (TronGrid overloaded) is down for now too, at any step.
    // (The double sends JSON-RPC faults with status 200, so the JSON-RPC's turn is the refused port above.)
    for (const match of ['/wallet/getblockbynum', '/wallet/getcontract', '/wallet/triggerconstantcontract']) {
      nile.injectFault({ match, status: 503, respond: () => 'Service Unavailable' })
      await assert.rejects(adapter().verify(), unavailable, match)
    }
    await adapter().verify()
  })

  for (const dialect of dialects) {
    test(`Kassa's start-up check (${dialect.name}): a node down is logged and waited for; a wrong chain stops the start`, async () => {
      const proxy = await startTcpProxy(nile.port)
      await proxy.down()
      const dataDir = mkdtempSync(join(tmpdir(), 'kassa-tron-setup-'))
      const lines: string[] = []
      const open = async (over: Record<string, unknown>, node = nile) => {
        const database = await dialect.open()
        const config = {
          ...loadConfig({ KASSA_DATA_DIR: dataDir, PORT: '0', KASSA_MASTER_KEY: masterKey.toString('base64') }),
          tronNetworks: parseTronNetworks([entry(over, node)], 'test'),
        }
        const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) })
        const kassa = await Kassa.open({ config, logger, database: database.handle })
        return {
          kassa,
          async close() {
            await kassa.close()
            await database.drop()
          },
        }
      }
      try {
        const k = await open({ httpUrl: proxy.url, jsonRpcUrl: `${proxy.url}/jsonrpc` })
        try {
          await k.kassa.verifyNetworks()
          const warned = lines.map((l) => JSON.parse(l) as { level: number; network?: string; msg: string; err?: string })
          assert.equal(warned.length, 1, lines.join(''))
          assert.equal(warned[0]!.level, 40)
          assert.equal(warned[0]!.network, 'tron-nile')
          assert.equal(warned[0]!.msg, 'network node unreachable at start; the watcher will keep trying')
          assert.match(warned[0]!.err ?? '', /^The tron-nile node is unavailable: \/wallet\/getblockbynum: ECONNREFUSED/)
          // The node comes back: the same Kassa's watcher follows it, and the check passes.
          await proxy.up()
          const watcher = k.kassa.watchers.find((w) => w.network === 'tron-nile')
          assert.ok(watcher, 'a watcher for tron-nile')
          await watcher.runOnce()
          await k.kassa.verifyNetworks()
          assert.equal(lines.length, 1, 'no new warning once the node answers')
        } finally {
          await k.close()
        }
        // The same start against a Shasta node: refused, nothing logged as a mere outage.
        const wrong = await open({ usdt: undefined }, shasta)
        try {
          await assert.rejects(wrong.kassa.verifyNetworks(), setupError('chain', TRON_CHAINS.shasta, TRON_CHAINS.nile))
          assert.equal(lines.length, 1)
        } finally {
          await wrong.close()
        }
      } finally {
        await proxy.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }

  /** `kassa serve` (the built CLI) with this networks file, over SQLite in `dir`. */
  const serve = (dir: string, networks: unknown[], env: Record<string, string> = {}) =>
    serveWithNetworksFile(dir, 'KASSA_TRON_NETWORKS_FILE', networks, masterKey, env)

  test('kassa serve refuses to start against the wrong chain, with a one-line reason naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-tron-serve-'))
    try {
      // The file says Nile; the node at httpUrl is a Shasta node.
      const { out, exit } = serve(dir, [entry({ usdt: { contract: usdtContractOf(shasta), decimals: 6 } }, shasta)])
      assert.equal(await exit, 1, `exit code; stderr: ${out.stderr}`)
      const escaped = shasta.url.replace(/[.]/g, '\\.')
      assert.match(
        out.stderr,
        new RegExp(
          `^kassa: KASSA_TRON_NETWORKS_FILE: tron-nile: \\[chain\\] the node at ${escaped} has genesis block ${TRON_CHAINS.shasta}, but chain "nile" begins with ${TRON_CHAINS.nile}$`,
          'm',
        ),
      )
      assert.equal(out.stderr.trim().split('\n').length, 1, `one line: ${out.stderr}`)
      assert.doesNotMatch(out.stdout, /Kassa is listening/, 'it never listened')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('kassa serve with the node down: it warns, listens, and stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-tron-serve-'))
    try {
      const down = `http://127.0.0.1:${await freePort()}`
      const port = await freePort()
      const { child, out, exit } = serve(dir, [entry({ httpUrl: down, jsonRpcUrl: `${down}/jsonrpc` })], {
        PORT: String(port),
        KASSA_LOG_LEVEL: 'warn',
      })
      const deadline = Date.now() + 20_000
      while (!out.stdout.includes('Kassa is listening') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 50))
      }
      assert.match(out.stdout, /Kassa is listening/, `stdout: ${out.stdout}\nstderr: ${out.stderr}`)
      assert.match(out.stdout, /networks: simulated \(test mode\), tron-nile \(live\)/)
      const warning = out.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; network?: string; msg: string })
        .find((l) => l.msg === 'network node unreachable at start; the watcher will keep trying')
      assert.equal(warning?.network, 'tron-nile', out.stdout)
      assert.equal(warning?.level, 40)
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      assert.equal(health.status, 200)
      child.kill('SIGTERM')
      assert.equal(await exit, 0, out.stderr)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
