import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { secp256k1 } from '@noble/curves/secp256k1'
import { HDKey } from '@scure/bip32'
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { networks, payments } from 'bitcoinjs-lib'
import pino from 'pino'
import { Kassa } from '../../src/app/kassa.js'
import { BitcoinSetupError } from '../../src/chains/adapters/bitcoin/bitcoin-adapter.js'
import { openBitcoinNetwork } from '../../src/chains/adapters/bitcoin/bitcoin-network.js'
import { ConfigError } from '../../src/config/config-error.js'
import { loadConfig } from '../../src/config/index.js'
import { parseBitcoinNetworks } from '../../src/config/bitcoin-networks.js'
import { ChainUnavailableError } from '../../src/errors/index.js'
import { SecretBox } from '../../src/security/secret-box.js'
import { freePort } from '../samples/server-process.js'
import { bitcoinNodesSkipReason, nodeBinary, REGTEST_GENESIS_HASH, startBitcoinNode } from '../support/bitcoin-node/index.js'
import type { BitcoinNode, Coin } from '../support/bitcoin-node/index.js'
import { jsonRpcClient } from '../support/bitcoin-node/json-rpc.js'
import { spawnNode } from '../support/bitcoin-node/node-process.js'
import { testDialects } from '../support/databases.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { serveWithNetworksFile } from '../support/serve-process.js'

/**
 * `verify()`, what `kassa serve` asks each Bitcoin and Litecoin network before it starts, on real
 * btcd and ltcd regtest nodes (test/support/bitcoin-node/): the node must be the configured chain
 * (its genesis block), take the configured credentials and keep a transaction index; the keys
 * must open and be two different keys. Each refusal names the field of
 * KASSA_BITCOIN_NETWORKS_FILE to fix. A node that does not answer is not a set-up error: the
 * watcher waits for it.
 *
 * Not here, because btcd and ltcd cannot show them: a pruned node (they never prune, and report
 * `pruned: false`) and initial block download (they have no `initialblockdownload` field). Both
 * are Bitcoin Core behaviour, left to docs/BITCOIN.md.
 */
const COINS = ['BTC', 'LTC'] as const
const NETWORK: Record<Coin, string> = { BTC: 'bitcoin-regtest', LTC: 'litecoin-regtest' }
const OTHER: Record<Coin, Coin> = { BTC: 'LTC', LTC: 'BTC' }
/** BIP84 account key versions (SLIP-132): zpub on mainnet, vpub on every test chain. */
const ZPUB = { private: 0x04b2430c, public: 0x04b24746 }
const VPUB = { private: 0x045f18bc, public: 0x045f1cf6 }

const skip = bitcoinNodesSkipReason()
const dialects = await testDialects()

/** A node that runs, as the harness starts one, but without --txindex (launch.ts always adds it). */
interface PlainNode {
  rpcUrl: string
  rpcUser: string
  rpcPassword: string
  stop(): Promise<void>
}

/**
 * btcd/ltcd on a fresh regtest chain of its own with one block mined (with no block after
 * genesis there is no transaction to look up, and the check has nothing to ask).
 */
async function startNodeWithoutTxindex(coin: Coin): Promise<PlainNode> {
  const dir = mkdtempSync(join(tmpdir(), `kassa-${coin.toLowerCase()}d-notxindex-`))
  const rpcPort = await freePort()
  const rpcPassword = randomBytes(12).toString('hex')
  writeFileSync(join(dir, 'node.conf'), '')
  // ltcd's regtest speaks Bitcoin's bcrt addresses (test/support/bitcoin-node/README.md).
  const miner = payments.p2wpkh({ pubkey: secp256k1.getPublicKey(secp256k1.utils.randomPrivateKey(), true), network: networks.regtest })
  const proc = await spawnNode(nodeBinary(coin)!, [
    '--regtest',
    `--configfile=${join(dir, 'node.conf')}`,
    `--datadir=${join(dir, 'data')}`,
    `--logdir=${join(dir, 'logs')}`,
    '--rpcuser=kassa',
    `--rpcpass=${rpcPassword}`,
    `--rpclisten=127.0.0.1:${rpcPort}`,
    `--listen=127.0.0.1:${await freePort()}`,
    '--notls',
    '--nodnsseed',
    '--noonion',
    '--nocfilters',
    `--miningaddr=${miner.address}`,
  ])
  const rpcUrl = `http://127.0.0.1:${rpcPort}/`
  const rpc = jsonRpcClient(rpcUrl, 'kassa', rpcPassword)
  const stop = async () => {
    rpc.close()
    proc.signal('SIGINT')
    await proc.exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const deadline = Date.now() + 20_000
    for (;;) {
      try {
        await rpc.call('getblockcount')
        break
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`${coin} node without txindex did not answer: ${(err as Error).message}\n${proc.logTail()}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    }
    await rpc.call('generate', [1])
  } catch (err) {
    await stop()
    throw err
  }
  return { rpcUrl, rpcUser: 'kassa', rpcPassword, stop }
}

/**
 * Answers that are not a Bitcoin node's, by path: a web page, a REST API's 404, an Ethereum
 * node's JSON-RPC 2.0 (an EVM node's URL pasted into the wrong file), an overloaded proxy, and
 * Bitcoin Core warming up (-28 at start: btcd and ltcd never answer it, so it is spoken here).
 */
async function startImpostor(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<!doctype html><title>Welcome</title>')
      } else if (req.url === '/eth')
        json(200, { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'the method getblockhash does not exist/is not available' } })
      else if (req.url === '/busy') {
        res.writeHead(503, { 'content-type': 'text/plain' })
        res.end('Service Unavailable')
      } else if (req.url === '/warmup') json(500, { result: null, error: { code: -28, message: 'Loading block index…' }, id: 1 })
      else json(404, { success: false, error: 'Not Found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

describe('Bitcoin and Litecoin network set-up on btcd and ltcd', { skip }, () => {
  const nodes = {} as Record<Coin, BitcoinNode>
  const masterKey = randomBytes(32)
  const box = new SecretBox(masterKey)
  const mnemonic = generateMnemonic(wordlist)
  const seed = mnemonicToSeedSync(mnemonic)
  const hotKeyHex = randomBytes(32).toString('hex')
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bitcoin-setup-'))

  before(async () => {
    ;[nodes.BTC, nodes.LTC] = await Promise.all([startBitcoinNode({ coin: 'BTC' }), startBitcoinNode({ coin: 'LTC' })])
  })
  after(async () => {
    await Promise.all(COINS.map((c) => nodes[c]?.stop()))
    rmSync(dir, { recursive: true, force: true })
  })

  const entry = (coin: Coin, over: Record<string, unknown> = {}, node: BitcoinNode | PlainNode = nodes[coin]): Record<string, unknown> => ({
    name: 'regtest',
    coin,
    chain: 'regtest',
    rpcUrl: node.rpcUrl,
    rpcUser: node.rpcUser,
    rpcPassword: box.seal(node.rpcPassword),
    deposits: { mnemonic: box.seal(mnemonic) },
    hotWallet: { privateKey: box.seal(hotKeyHex) },
    ...over,
  })
  const adapter = (coin: Coin, over: Record<string, unknown> = {}, node: BitcoinNode | PlainNode = nodes[coin]) =>
    openBitcoinNetwork(parseBitcoinNetworks([entry(coin, over, node)], 'test')[0]!, box)
  /** The rpcUrl as Kassa keeps it (no trailing slash) and writes it in its messages. */
  const urlOf = (node: BitcoinNode | PlainNode) => node.rpcUrl.replace(/\/+$/, '')
  /** A BitcoinSetupError whose message starts with the file and network and names `field`. */
  const setupError =
    (coin: Coin, field: string, ...parts: (string | RegExp)[]) =>
    (err: unknown): boolean => {
      assert.ok(err instanceof BitcoinSetupError, `a BitcoinSetupError, not ${String(err)}`)
      assert.ok(err.message.startsWith(`KASSA_BITCOIN_NETWORKS_FILE: ${NETWORK[coin]}: [${field}] `), err.message)
      for (const p of parts) {
        if (typeof p === 'string') assert.ok(err.message.includes(p), `${err.message}\n  should name ${p}`)
        else assert.match(err.message, p)
      }
      return true
    }
  const configError =
    (coin: Coin, field: string, message: RegExp) =>
    (err: unknown): boolean => {
      assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`)
      assert.ok(err.message.startsWith(`KASSA_BITCOIN_NETWORKS_FILE: ${NETWORK[coin]}: [${field}] `), err.message)
      assert.match(err.message, message)
      return true
    }
  const unavailable = (coin: Coin, reason: RegExp) => (err: unknown) => {
    assert.ok(err instanceof ChainUnavailableError, `ChainUnavailableError, not ${String(err)}`)
    assert.equal(err.code, 'CHAIN_UNAVAILABLE')
    assert.ok(err.message.startsWith(`The ${NETWORK[coin]} node is unavailable: `), err.message)
    assert.match(err.message, reason)
    return true
  }

  for (const coin of COINS) {
    describe(coin, () => {
      test('the configured node passes: its chain, its credentials (a user or a cookie file), its transaction index', async () => {
        const a = adapter(coin)
        await a.verify()
        assert.equal(a.network, NETWORK[coin])
        assert.deepEqual(a.currencies, [coin])
        assert.equal(a.capabilities.supportsSend, true)
        assert.equal(await nodes[coin].rpc('getblockhash', [0]), REGTEST_GENESIS_HASH[coin], 'the genesis Kassa checks is the node’s')
        // A cookie file holding the node's user and password, as Bitcoin Core writes one.
        const cookie = join(dir, `${coin}-good.cookie`)
        writeFileSync(cookie, `${nodes[coin].rpcUser}:${nodes[coin].rpcPassword}\n`)
        await adapter(coin, { rpcUser: undefined, rpcPassword: undefined, cookieFile: cookie }).verify()
        // Only deposit addresses (a vpub of the same account), no hot wallet: receives only.
        const vpub = HDKey.fromMasterSeed(seed, VPUB).derive("m/84'/1'/0'").publicExtendedKey
        const receiveOnly = adapter(coin, { deposits: { xpub: vpub }, hotWallet: undefined })
        await receiveOnly.verify()
        assert.equal(receiveOnly.capabilities.supportsSend, false)
        assert.equal(receiveOnly.receive.deriveAddress('any', 0), a.receive.deriveAddress('any', 0), 'the vpub derives the same addresses')
        assert.match(a.receive.deriveAddress('any', 0), coin === 'BTC' ? /^bcrt1q/ : /^rltc1q/)
      })

      test('a node of another chain is refused, naming [chain] and the genesis block the node has', async () => {
        const other = nodes[OTHER[coin]]
        // The other coin's node, with its own credentials: only the chain is wrong.
        await assert.rejects(
          adapter(coin, {}, other).verify(),
          setupError(
            coin,
            'chain',
            `the node at ${urlOf(other)} has genesis block ${REGTEST_GENESIS_HASH[OTHER[coin]]}, which is not ${coin} regtest`,
          ),
        )
        // A mainnet or testnet file against a regtest node.
        for (const chain of ['mainnet', 'testnet'] as const) {
          await assert.rejects(
            adapter(coin, { chain }).verify(),
            setupError(coin, 'chain', `has genesis block ${REGTEST_GENESIS_HASH[coin]}, which is not ${coin} ${chain}`),
          )
        }
        if (coin === 'BTC')
          await assert.rejects(adapter(coin, { chain: 'signet' }).verify(), setupError(coin, 'chain', 'which is not BTC signet'))
      })

      test('wrong RPC credentials are refused naming [rpcUser]; a cookie file holding wrong ones, [cookieFile]', async () => {
        const node = nodes[coin]
        const refused = `${urlOf(node)} refused the RPC credentials (HTTP 401)`
        await assert.rejects(adapter(coin, { rpcPassword: box.seal('not-the-password') }).verify(), setupError(coin, 'rpcUser', refused))
        await assert.rejects(adapter(coin, { rpcUser: 'someone-else' }).verify(), setupError(coin, 'rpcUser', refused))
        // A cookie file of another node (or a stale one): refused, naming the file's field.
        const cookie = join(dir, `${coin}-stale.cookie`)
        writeFileSync(cookie, '__cookie__:0123456789abcdef')
        const a = adapter(coin, { rpcUser: undefined, rpcPassword: undefined, cookieFile: cookie })
        await assert.rejects(a.verify(), setupError(coin, 'cookieFile', refused))
        // The cookie is read again after a 401 (Bitcoin Core writes a new one at each start): the same adapter now passes.
        writeFileSync(cookie, `${node.rpcUser}:${node.rpcPassword}`)
        await a.verify()
      })

      test('a cookie file that is not there is CHAIN_UNAVAILABLE (the node is stopped), not a set-up error', async () => {
        const missing = join(dir, `${coin}-absent.cookie`)
        await assert.rejects(
          adapter(coin, { rpcUser: undefined, rpcPassword: undefined, cookieFile: missing }).verify(),
          unavailable(coin, new RegExp(`cannot read the cookie file ${missing.replace(/[.]/g, '\\.')}`)),
        )
      })

      test('a node without a transaction index is refused naming [rpcUrl] and txindex', async () => {
        const plain = await startNodeWithoutTxindex(coin)
        try {
          await assert.rejects(
            adapter(coin, {}, plain).verify(),
            setupError(coin, 'rpcUrl', 'the node keeps no transaction index: start it with txindex=1 (btcd, ltcd: --txindex)'),
          )
        } finally {
          await plain.stop()
        }
      })

      test('a URL that answers but is no Bitcoin node is refused naming [rpcUrl]', async () => {
        const impostor = await startImpostor()
        try {
          for (const [path, why] of [
            ['/page', /HTTP 200, not JSON: <!doctype html>/],
            ['/rest', /HTTP 404/],
            ['/eth', /the method getblockhash does not exist\/is not available \(-32601\)/],
          ] as const) {
            await assert.rejects(
              adapter(coin, { rpcUrl: `${impostor.url}${path}` }).verify(),
              setupError(coin, 'rpcUrl', `${impostor.url}${path} does not answer as a Bitcoin node does (`, why),
              path,
            )
          }
          // An overloaded proxy in front of a node, or Bitcoin Core still loading: down for now, not wrong.
          await assert.rejects(adapter(coin, { rpcUrl: `${impostor.url}/busy` }).verify(), unavailable(coin, /getblockhash: HTTP 503/))
          await assert.rejects(adapter(coin, { rpcUrl: `${impostor.url}/warmup` }).verify(), unavailable(coin, /the node is starting/))
        } finally {
          await impostor.close()
        }
      })

      test('keys sealed under another master key, or of another network, are refused naming the field', () => {
        const other = new SecretBox(randomBytes(32))
        const notOpened = /cannot be opened with this master key \(sealed with another one\?\)$/
        assert.throws(
          () => adapter(coin, { deposits: { mnemonic: other.seal(mnemonic) } }),
          configError(coin, 'deposits.mnemonic', notOpened),
        )
        assert.throws(
          () => adapter(coin, { hotWallet: { privateKey: other.seal(hotKeyHex) } }),
          configError(coin, 'hotWallet.privateKey', notOpened),
        )
        assert.throws(
          () => adapter(coin, { hotWallet: { mnemonic: other.seal(generateMnemonic(wordlist)) } }),
          configError(coin, 'hotWallet.mnemonic', notOpened),
        )
        assert.throws(
          () => adapter(coin, { rpcPassword: other.seal(nodes[coin].rpcPassword) }),
          configError(coin, 'rpcPassword', notOpened),
        )
        // A mainnet zpub (a wallet's "receive" export copied from the live set-up) on regtest.
        const zpub = HDKey.fromMasterSeed(seed, ZPUB).derive(`m/84'/${coin === 'BTC' ? 0 : 2}'/0'`).publicExtendedKey
        assert.match(zpub, /^zpub/)
        const network = coin === 'BTC' ? 'regtest' : 'litecoin-regtest'
        assert.throws(
          () => adapter(coin, { deposits: { xpub: zpub } }),
          configError(coin, 'deposits.xpub', new RegExp(`this is a mainnet key; the network is ${network}$`)),
        )
        // And the other way round: the test wallet's vpub in a mainnet entry.
        const vpub = HDKey.fromMasterSeed(seed, VPUB).derive("m/84'/1'/0'").publicExtendedKey
        assert.throws(
          () => adapter(coin, { chain: 'mainnet', deposits: { xpub: vpub } }),
          configError(coin, 'deposits.xpub', /this is a test-chain key; the network is (bitcoin|litecoin)$/),
        )
        // The wallet's master key instead of its account key.
        assert.throws(
          () => adapter(coin, { deposits: { xpub: HDKey.fromMasterSeed(seed, VPUB).publicExtendedKey } }),
          configError(coin, 'deposits.xpub', /give the account key \(depth 3, m\/purpose'\/coin'\/0'\); this one is at depth 0$/),
        )
      })

      test('a hot wallet that is deposit address 0 of the same keys is refused naming [hotWallet]', () => {
        const same = configError(coin, 'hotWallet', /the hot wallet and the deposit addresses must come from different keys$/)
        // The same mnemonic in both places (the hot wallet is its m/84'/1'/0'/0/0).
        assert.throws(() => adapter(coin, { hotWallet: { mnemonic: box.seal(mnemonic) } }), same)
        // Deposit address 0's private key as the hot wallet key.
        const key = (i: number) => Buffer.from(HDKey.fromMasterSeed(seed).derive(`m/84'/1'/0'/0/${i}`).privateKey!).toString('hex')
        assert.throws(() => adapter(coin, { hotWallet: { privateKey: box.seal(key(0)) } }), same)
        // The vpub of the same account: Kassa sees it too.
        const vpub = HDKey.fromMasterSeed(seed, VPUB).derive("m/84'/1'/0'").publicExtendedKey
        assert.throws(() => adapter(coin, { deposits: { xpub: vpub }, hotWallet: { mnemonic: box.seal(mnemonic) } }), same)
        // Deposit address 1's key is another key: accepted.
        assert.equal(adapter(coin, { hotWallet: { privateKey: box.seal(key(1)) } }).capabilities.supportsSend, true)
      })

      test('a node that does not answer is CHAIN_UNAVAILABLE, not a set-up error', async () => {
        const down = `http://127.0.0.1:${await freePort()}`
        await assert.rejects(
          adapter(coin, { rpcUrl: down }).verify(),
          unavailable(coin, /^The \S+ node is unavailable: getblockhash: ECONNREFUSED\.$/),
        )
        // The node goes away and comes back behind the same address: the same adapter passes again.
        const proxy = await startTcpProxy(nodes[coin].rpcPort)
        try {
          const a = adapter(coin, { rpcUrl: proxy.url })
          await a.verify()
          await proxy.down()
          await assert.rejects(a.verify(), unavailable(coin, /ECONNREFUSED/))
          await proxy.up()
          await a.verify()
        } finally {
          await proxy.close()
        }
      })

      for (const dialect of dialects) {
        test(`Kassa's start-up check (${dialect.name}): a node down is logged and waited for; a wrong chain stops the start`, async () => {
          const node = nodes[coin]
          const proxy = await startTcpProxy(node.rpcPort)
          await proxy.down()
          const dataDir = mkdtempSync(join(tmpdir(), 'kassa-bitcoin-setup-'))
          const lines: string[] = []
          const open = async (over: Record<string, unknown>, on: BitcoinNode = node) => {
            const database = await dialect.open()
            const config = {
              ...loadConfig({ KASSA_DATA_DIR: dataDir, PORT: '0', KASSA_MASTER_KEY: masterKey.toString('base64') }),
              bitcoinNetworks: parseBitcoinNetworks([entry(coin, over, on)], 'test'),
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
            const k = await open({ rpcUrl: proxy.url, pollIntervalMs: 100 })
            try {
              await k.kassa.verifyNetworks()
              const warned = lines.map((l) => JSON.parse(l) as { level: number; network?: string; msg: string; err?: string })
              assert.equal(warned.length, 1, lines.join(''))
              assert.equal(warned[0]!.level, 40)
              assert.equal(warned[0]!.network, NETWORK[coin])
              assert.equal(warned[0]!.msg, 'network node unreachable at start; the watcher will keep trying')
              assert.equal(warned[0]!.err, `The ${NETWORK[coin]} node is unavailable: getblockhash: ECONNREFUSED.`)
              // The node comes back: the same Kassa's watcher follows it, and the check passes.
              await proxy.up()
              const watcher = k.kassa.watchers.find((w) => w.network === NETWORK[coin])
              assert.ok(watcher, `a watcher for ${NETWORK[coin]}`)
              await watcher.runOnce()
              assert.equal(
                await k.kassa.deps.repos.chain.cursorHeight(NETWORK[coin]),
                await node.tipHeight(),
                'the watcher read to the tip',
              )
              await k.kassa.verifyNetworks()
              assert.equal(lines.length, 1, 'no new warning once the node answers')
            } finally {
              await k.close()
            }
            // The same start against the other coin's node: refused, nothing logged as a mere outage.
            const wrong = await open({}, nodes[OTHER[coin]])
            try {
              await assert.rejects(
                wrong.kassa.verifyNetworks(),
                setupError(coin, 'chain', REGTEST_GENESIS_HASH[OTHER[coin]], `which is not ${coin} regtest`),
              )
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
    })
  }

  /** `kassa serve` (the built CLI) with this networks file, over SQLite in `dir`. */
  const serve = (dir: string, entries: unknown[], env: Record<string, string> = {}) =>
    serveWithNetworksFile(dir, 'KASSA_BITCOIN_NETWORKS_FILE', entries, masterKey, env)

  test('kassa serve refuses to start against the wrong chain, with a one-line reason naming the field', async () => {
    await Promise.all(
      COINS.map(async (coin) => {
        const serveDir = mkdtempSync(join(tmpdir(), 'kassa-bitcoin-serve-'))
        try {
          // The file says this coin's regtest; the node at rpcUrl is the other coin's.
          const other = nodes[OTHER[coin]]
          const { out, exit } = serve(serveDir, [entry(coin, {}, other)])
          assert.equal(await exit, 1, `exit code; stderr: ${out.stderr}`)
          const escaped = urlOf(other).replace(/[.]/g, '\\.')
          assert.match(
            out.stderr,
            new RegExp(
              `^kassa: KASSA_BITCOIN_NETWORKS_FILE: ${NETWORK[coin]}: \\[chain\\] the node at ${escaped} has genesis block ${REGTEST_GENESIS_HASH[OTHER[coin]]}, which is not ${coin} regtest$`,
              'm',
            ),
          )
          assert.equal(out.stderr.trim().split('\n').length, 1, `one line: ${out.stderr}`)
          assert.doesNotMatch(out.stdout, /Kassa is listening/, 'it never listened')
        } finally {
          rmSync(serveDir, { recursive: true, force: true })
        }
      }),
    )
  })

  test('kassa serve with the nodes down: it warns for each, listens, and stops cleanly (and is itself no Bitcoin node)', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'kassa-bitcoin-serve-'))
    try {
      const port = await freePort()
      const entries = await Promise.all(COINS.map(async (coin) => entry(coin, { rpcUrl: `http://127.0.0.1:${await freePort()}` })))
      const { child, out, exit } = serve(serveDir, entries, { PORT: String(port), KASSA_LOG_LEVEL: 'warn' })
      const deadline = Date.now() + 20_000
      while (!out.stdout.includes('Kassa is listening') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 50))
      }
      assert.match(out.stdout, /Kassa is listening/, `stdout: ${out.stdout}\nstderr: ${out.stderr}`)
      assert.match(out.stdout, /networks: simulated \(test mode\), bitcoin-regtest \(live\), litecoin-regtest \(live\)/)
      const warnings = out.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; network?: string; msg: string })
        .filter((l) => l.msg === 'network node unreachable at start; the watcher will keep trying')
      assert.deepEqual(
        warnings.map((w) => [w.network, w.level]),
        [
          ['bitcoin-regtest', 40],
          ['litecoin-regtest', 40],
        ],
        out.stdout,
      )
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      assert.equal(health.status, 200)
      // Kassa's own address given as the node's: it answers, and is refused as no Bitcoin node.
      const self = `http://127.0.0.1:${port}`
      await assert.rejects(
        adapter('BTC', { rpcUrl: self }).verify(),
        setupError('BTC', 'rpcUrl', `${self} does not answer as a Bitcoin node does (bitcoin-regtest: getblockhash failed: HTTP 4`),
      )
      child.kill('SIGTERM')
      assert.equal(await exit, 0, out.stderr)
    } finally {
      rmSync(serveDir, { recursive: true, force: true })
    }
  })
})
