import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { HDKey } from '@scure/bip32'
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import bs58check from 'bs58check'
import { isValidTronAddress, tronAddressToHex } from '../chains/adapters/tron/tron-address.js'
import { TRON_ACCOUNT_PATH } from '../chains/adapters/tron/tron-keys.js'
import { SecretBox } from '../security/secret-box.js'
import { ConfigError } from './config-error.js'
import { loadTronNetworksFile, parseTronNetworks, TRON_CHAINS } from './tron-networks.js'

/**
 * KASSA_TRON_NETWORKS_FILE: every refusal is a ConfigError naming the file and the field (the
 * zod path `[entry.field]`, or `[entry] field…` for checks across fields), so an operator can
 * go straight to the line; what is accepted comes out with its defaults filled in.
 */
const FILE = '/etc/kassa/tron-networks.json'
const box = new SecretBox(randomBytes(32))
const mnemonic = generateMnemonic(wordlist)
const xpub = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(TRON_ACCOUNT_PATH).publicExtendedKey
/** Mainnet USDT (TetherToken), the address TronScan and Tether publish. */
const MAINNET_USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'

/** Addresses that look like TRON's and are not (each checked to be refused by the validator itself below). */
const hash20 = Buffer.from(tronAddressToHex(MAINNET_USDT).slice(2), 'hex')
const NOT_TRON: Record<string, string> = {
  'a bad checksum (last character changed)': `${MAINNET_USDT.slice(0, -1)}u`,
  'the hex 41… form': tronAddressToHex(MAINNET_USDT),
  'the hex form with 0x': `0x${tronAddressToHex(MAINNET_USDT).slice(2)}`,
  'a Bitcoin address (version byte 0x00)': '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM',
  // 0xa0 was the testnet prefix of TRON's first addresses ("27…"); today's testnets use 0x41 too.
  'the old testnet prefix 0xa0': bs58check.encode(Buffer.concat([Buffer.from([0xa0]), hash20])),
  'one character short': MAINNET_USDT.slice(0, -1),
  'an EVM address': '0xdAC17F958D2ee523a2206206994597C13D831ec7',
  'lower case': MAINNET_USDT.toLowerCase(),
}

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'nile',
  chain: 'nile',
  httpUrl: 'https://nile.trongrid.io',
  jsonRpcUrl: 'https://nile.trongrid.io/jsonrpc',
  deposits: { xpub },
  ...over,
})

/** The one-line reason for `entries`, which must be refused as a ConfigError naming the file. */
function refusal(entries: unknown, file = FILE): string {
  let message: string | undefined
  assert.throws(
    () => parseTronNetworks(entries, file),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`)
      message = err.message
      return true
    },
    JSON.stringify(entries).slice(0, 300),
  )
  if (message === undefined) return assert.fail('no message')
  assert.ok(message.startsWith('Invalid TRON network configuration:\n'), message)
  assert.ok(message.includes(`  ${file}: [`), `names the file: ${message}`)
  return message
}

describe('KASSA_TRON_NETWORKS_FILE entries', () => {
  test('a minimal entry: network tron-<name>, the chain genesis id, and every default', () => {
    const [n, ...rest] = parseTronNetworks([entry()], FILE)
    assert.equal(rest.length, 0)
    assert.deepEqual(n, {
      network: 'tron-nile',
      chain: 'nile',
      genesisBlockId: TRON_CHAINS.nile,
      httpUrl: 'https://nile.trongrid.io',
      jsonRpcUrl: 'https://nile.trongrid.io/jsonrpc',
      apiKey: undefined,
      confirmations: 19,
      deposits: { xpub },
      hotWallet: undefined,
      usdt: undefined,
      feeLimitSun: 100_000_000n,
      expirationSeconds: 60,
      startBlock: undefined,
      pollIntervalMs: 250,
    })
  })

  test('every field given is kept: sealed keys stay sealed, the fee limit becomes sun, a trailing slash goes', () => {
    const deposit = box.seal(mnemonic)
    const hot = box.seal(randomBytes(32).toString('hex'))
    const [n] = parseTronNetworks(
      [
        entry({
          name: 'main-1',
          chain: 'mainnet',
          httpUrl: 'http://10.0.0.5:8090/',
          jsonRpcUrl: 'http://10.0.0.5:8545/jsonrpc',
          apiKey: 'a-trongrid-key',
          confirmations: 27,
          deposits: { mnemonic: deposit },
          hotWallet: { privateKey: hot },
          usdt: { contract: MAINNET_USDT, decimals: 6 },
          feeLimit: '12.5',
          expirationSeconds: 120,
          startBlock: 61_132_092,
          pollIntervalMs: 1000,
        }),
      ],
      FILE,
    )
    assert.deepEqual(n, {
      network: 'tron-main-1',
      chain: 'mainnet',
      genesisBlockId: TRON_CHAINS.mainnet,
      httpUrl: 'http://10.0.0.5:8090',
      jsonRpcUrl: 'http://10.0.0.5:8545/jsonrpc',
      apiKey: 'a-trongrid-key',
      confirmations: 27,
      deposits: { mnemonicSealed: deposit },
      hotWallet: { privateKeySealed: hot },
      usdt: { contract: MAINNET_USDT, decimals: 6 },
      feeLimitSun: 12_500_000n,
      expirationSeconds: 120,
      startBlock: 61_132_092,
      pollIntervalMs: 1000,
    })
    const hotMnemonic = box.seal(generateMnemonic(wordlist))
    assert.deepEqual(parseTronNetworks([entry({ hotWallet: { mnemonic: hotMnemonic } })], FILE)[0]!.hotWallet, {
      mnemonicSealed: hotMnemonic,
    })
    // The smallest fee limit there is: one sun.
    assert.equal(parseTronNetworks([entry({ feeLimit: '0.000001' })], FILE)[0]!.feeLimitSun, 1n)
  })

  test("the public chains' genesis ids are the recorded ones, and their JSON-RPC chain id is the last 4 bytes", () => {
    const recorded = JSON.parse(readFileSync(new URL('../../test/fixtures/tron/networks.json', import.meta.url), 'utf8')) as Record<
      string,
      { genesisBlockId: string; jsonRpcChainId: string }
    >
    assert.deepEqual(Object.keys(TRON_CHAINS).sort(), ['mainnet', 'nile', 'shasta'])
    for (const chain of ['mainnet', 'nile', 'shasta'] as const) {
      assert.equal(TRON_CHAINS[chain], recorded[chain]!.genesisBlockId, chain)
      assert.equal(`0x${TRON_CHAINS[chain].slice(-8)}`, recorded[chain]!.jsonRpcChainId, chain)
      const [n] = parseTronNetworks([entry({ chain })], FILE)
      assert.equal(n!.genesisBlockId, recorded[chain]!.genesisBlockId)
    }
  })

  test('chain "private" takes its own genesis id; the public chains refuse one', () => {
    const own = randomBytes(32).toString('hex')
    const [n] = parseTronNetworks([entry({ chain: 'private', genesisBlockId: own })], FILE)
    assert.equal(n!.chain, 'private')
    assert.equal(n!.genesisBlockId, own)
    assert.match(refusal([entry({ chain: 'private' })]), /\[0\] chain "private" needs genesisBlockId/)
    assert.match(
      refusal([entry({ genesisBlockId: TRON_CHAINS.nile })]),
      /\[0\] genesisBlockId is known for chain "nile"; set it only for "private"/,
    )
    assert.match(
      refusal([entry({ chain: 'private', genesisBlockId: own.toUpperCase() })]),
      /\[0\.genesisBlockId\] must be 64 lowercase hex/,
    )
    assert.match(refusal([entry({ chain: 'private', genesisBlockId: own.slice(2) })]), /\[0\.genesisBlockId\]/)
    assert.match(refusal([entry({ chain: 'testnet' })]), /\[0\.chain\]/)
  })

  test('explorerTxUrl: an http(s) URL with {tx}, kept as given; anything else refused', () => {
    const [n] = parseTronNetworks([entry({ explorerTxUrl: 'https://nile.tronscan.org/#/transaction/{tx}' })], FILE)
    assert.equal(n!.explorerTxUrl, 'https://nile.tronscan.org/#/transaction/{tx}')
    assert.equal(parseTronNetworks([entry()], FILE)[0]!.explorerTxUrl, undefined)
    for (const bad of ['https://nile.tronscan.org/#/transaction/', 'javascript:alert({tx})', 'ftp://x/{tx}', 'https://x y/{tx}', 42])
      assert.match(refusal([entry({ explorerTxUrl: bad })]), /\[0\.explorerTxUrl\]/, String(bad))
  })

  test('a missing required field is refused, naming it', () => {
    for (const field of ['name', 'chain', 'httpUrl', 'jsonRpcUrl', 'deposits']) {
      const e = entry()
      delete e[field]
      assert.match(refusal([e]), new RegExp(`\\[0\\.${field}\\] `), field)
    }
    assert.match(refusal([entry({ usdt: { contract: MAINNET_USDT } })]), /\[0\.usdt\.decimals\] /)
    assert.match(refusal([entry({ usdt: { decimals: 6 } })]), /\[0\.usdt\.contract\] /)
  })

  test('an unknown field is refused, naming it (a typo must not silently fall back to a default)', () => {
    assert.match(refusal([entry({ confirmation: 19 })]), /\[0\] Unrecognized key: "confirmation"/)
    assert.match(
      refusal([entry({ usdt: { contract: MAINNET_USDT, decimals: 6, symbol: 'USDT' } })]),
      /\[0\.usdt\] Unrecognized key: "symbol"/,
    )
    assert.match(refusal([entry({ deposits: { xpub, mnemonic: box.seal(mnemonic) } })]), /\[0\.deposits\]/)
    assert.match(refusal([entry({ hotWallet: { key: box.seal('x') } })]), /\[0\.hotWallet\]/)
  })

  test('a key in clear is refused: only text sealed with `kassa secret seal` goes in the file', () => {
    const clear = randomBytes(32).toString('hex')
    const sealed = /must be sealed with `kassa secret seal` \(v1\.…\), never the key in clear/
    const cases: [Record<string, unknown>, string][] = [
      [{ deposits: { mnemonic } }, '0.deposits.mnemonic'],
      [{ hotWallet: { privateKey: clear } }, '0.hotWallet.privateKey'],
      [{ hotWallet: { privateKey: `0x${clear}` } }, '0.hotWallet.privateKey'],
      [{ hotWallet: { mnemonic } }, '0.hotWallet.mnemonic'],
    ]
    for (const [over, path] of cases) {
      const message = refusal([entry(over)])
      assert.ok(message.includes(`[${path}] `), message)
      assert.match(message, sealed)
      // The secret itself is never repeated in the error (it ends up in logs).
      assert.ok(!message.includes(clear) && !message.includes(mnemonic), 'the key is not in the message')
    }
  })

  test('a deposits.xpub that is no extended public key is refused', () => {
    for (const bad of ['xpub123', mnemonic, `${xpub}!`, xpub.replace(/^xpub/, 'xprv'), '']) {
      assert.match(refusal([entry({ deposits: { xpub: bad } })]), /\[0\.deposits\.xpub\] must be an extended public key/, bad)
    }
  })

  test('a usdt.contract that is not a base58 TRON address is refused, naming the field', () => {
    for (const [what, address] of Object.entries(NOT_TRON)) {
      assert.equal(isValidTronAddress(address), false, `${what} is not a TRON address`)
      assert.match(
        refusal([entry({ usdt: { contract: address, decimals: 6 } })]),
        /\[0\.usdt\.contract\] must be a base58 TRON address \(T…\)/,
        what,
      )
    }
    assert.match(refusal([entry({ usdt: { contract: '', decimals: 6 } })]), /\[0\.usdt\.contract\]/)
    assert.match(refusal([entry({ usdt: { contract: 42, decimals: 6 } })]), /\[0\.usdt\.contract\]/)
  })

  test('usdt.decimals other than 6 is refused: Kassa counts USDT_TRC20 in millionths', () => {
    for (const decimals of [18, 0, 8]) {
      assert.match(
        refusal([entry({ usdt: { contract: MAINNET_USDT, decimals } })]),
        new RegExp(`\\[0\\] usdt\\.decimals: USDT_TRC20 has 6 decimals in Kassa; the config says ${decimals}$`),
      )
    }
    assert.match(refusal([entry({ usdt: { contract: MAINNET_USDT, decimals: 6.5 } })]), /\[0\.usdt\.decimals\]/)
    assert.match(refusal([entry({ usdt: { contract: MAINNET_USDT, decimals: '6' } })]), /\[0\.usdt\.decimals\]/)
  })

  test('feeLimit must be a positive TRX amount as a string with at most 6 decimals', () => {
    for (const bad of ['0', '-1', '1.0000001', '0.0000001', '', 'fifty', '5e1', '1,5']) {
      assert.match(refusal([entry({ feeLimit: bad })]), /\[0\.feeLimit\] must be a positive TRX amount as a decimal string/, bad)
    }
    // A number is refused too: money is decimal text in Kassa's files, never a float.
    assert.match(refusal([entry({ feeLimit: 50 })]), /\[0\.feeLimit\] /)
  })

  test('URLs must be http(s)', () => {
    for (const field of ['httpUrl', 'jsonRpcUrl']) {
      for (const bad of ['ftp://node.example/', 'ws://127.0.0.1:8545', 'grpc://127.0.0.1:50051', 'nile.trongrid.io', '']) {
        assert.match(refusal([entry({ [field]: bad })]), new RegExp(`\\[0\\.${field}\\] `), `${field}: ${bad}`)
      }
    }
  })

  test('names, counts and times out of range are refused, naming the field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'Nile' }, /\[0\.name\] must be 1–32 lowercase letters, digits or dashes/],
      [{ name: 'nile net' }, /\[0\.name\] /],
      [{ name: '-nile' }, /\[0\.name\] /],
      [{ name: 'n'.repeat(33) }, /\[0\.name\] /],
      [{ confirmations: 0 }, /\[0\.confirmations\] /],
      [{ confirmations: 1.5 }, /\[0\.confirmations\] /],
      [{ confirmations: '19' }, /\[0\.confirmations\] /],
      [{ expirationSeconds: 5 }, /\[0\.expirationSeconds\] /],
      [{ expirationSeconds: 86_401 }, /\[0\.expirationSeconds\] /],
      [{ pollIntervalMs: 10 }, /\[0\.pollIntervalMs\] /],
      [{ startBlock: -1 }, /\[0\.startBlock\] /],
      [{ apiKey: '' }, /\[0\.apiKey\] /],
    ]
    for (const [over, message] of cases) assert.match(refusal([entry(over)]), message, JSON.stringify(over))
  })

  test('the second entry is named by its index; a name used twice is refused', () => {
    assert.match(refusal([entry(), entry({ name: 'shasta', chain: 'shasta', feeLimit: '0' })]), /\[1\.feeLimit\] /)
    assert.match(refusal([entry(), entry({ chain: 'shasta' })]), /\[1\] network name "nile" appears twice/)
    // Two names on one chain are fine (two nodes, e.g. a second provider), each its own network.
    const two = parseTronNetworks([entry(), entry({ name: 'nile-b' })], FILE)
    assert.deepEqual(
      two.map((n) => n.network),
      ['tron-nile', 'tron-nile-b'],
    )
  })

  test('the file must hold a JSON array of entries', () => {
    assert.match(refusal(entry()), /\[\] /)
    assert.match(refusal([42]), /\[0\] /)
    assert.deepEqual(parseTronNetworks([], FILE), [])
  })
})

describe('loadTronNetworksFile', () => {
  test('reads the file; a missing or non-JSON file, or a bad entry, is refused naming the variable or the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-tron-networks-'))
    try {
      const file = join(dir, 'tron.json')
      assert.throws(
        () => loadTronNetworksFile(file),
        (err: unknown) => err instanceof ConfigError && err.message.startsWith(`KASSA_TRON_NETWORKS_FILE: cannot read ${file}`),
      )
      writeFileSync(file, '[{"name": "nile",')
      assert.throws(
        () => loadTronNetworksFile(file),
        (err: unknown) => err instanceof ConfigError && err.message.startsWith(`KASSA_TRON_NETWORKS_FILE: ${file} is not JSON`),
      )
      writeFileSync(file, JSON.stringify([entry({ usdt: { contract: NOT_TRON['the hex 41… form'], decimals: 6 } })]))
      assert.throws(
        () => loadTronNetworksFile(file),
        (err: unknown) => err instanceof ConfigError && err.message.includes(`  ${file}: [0.usdt.contract] must be a base58 TRON address`),
      )
      writeFileSync(file, JSON.stringify([entry({ usdt: { contract: MAINNET_USDT, decimals: 6 } })], null, 2))
      const [n] = loadTronNetworksFile(file)
      assert.equal(n!.network, 'tron-nile')
      assert.deepEqual(n!.usdt, { contract: MAINNET_USDT, decimals: 6 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
