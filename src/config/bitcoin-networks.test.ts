import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { SecretBox } from '../security/secret-box.js'
import { loadBitcoinNetworksFile, parseBitcoinNetworks } from './bitcoin-networks.js'
import { ConfigError } from './config-error.js'

/**
 * KASSA_BITCOIN_NETWORKS_FILE: each refusal is a ConfigError naming the file and the field (or
 * the entry, for checks across fields); what is accepted comes out with its defaults.
 */
const FILE = '/etc/kassa/bitcoin-networks.json'
const box = new SecretBox(randomBytes(32))
const ZPUB = 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs'
const sealed = box.seal('secret')

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'main',
  coin: 'BTC',
  chain: 'mainnet',
  rpcUrl: 'http://127.0.0.1:8332/',
  cookieFile: '/var/lib/bitcoind/.cookie',
  deposits: { xpub: ZPUB },
  ...over,
})

function refusal(entries: unknown): string {
  let message = ''
  assert.throws(
    () => parseBitcoinNetworks(entries, FILE),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`)
      message = err.message
      return true
    },
  )
  assert.ok(message.startsWith('Invalid Bitcoin network configuration:\n'), message)
  assert.ok(message.includes(`  ${FILE}: [`), `names the file: ${message}`)
  return message
}

describe('KASSA_BITCOIN_NETWORKS_FILE entries', () => {
  test('a minimal entry: network bitcoin-<name>, BTC 2 confirmations, every default', () => {
    assert.deepEqual(parseBitcoinNetworks([entry()], FILE), [
      {
        network: 'bitcoin-main',
        coin: 'BTC',
        chain: 'mainnet',
        rpcUrl: 'http://127.0.0.1:8332',
        auth: { cookieFile: '/var/lib/bitcoind/.cookie' },
        confirmations: 2,
        deposits: { xpub: ZPUB, addressType: undefined },
        gapLimit: 20,
        hotWallet: undefined,
        fees: { confTarget: 6, minRate: 1n, maxRate: 500n },
        startBlock: undefined,
        pollIntervalMs: 500,
      },
    ])
  })

  test('Litecoin: litecoin-<name>, 6 confirmations; user and sealed password; a sealed mnemonic and hot wallet', () => {
    const [n] = parseBitcoinNetworks(
      [
        entry({
          coin: 'LTC',
          chain: 'regtest',
          cookieFile: undefined,
          rpcUser: 'kassa',
          rpcPassword: sealed,
          deposits: { mnemonic: sealed, addressType: 'p2sh-p2wpkh' },
          hotWallet: { privateKey: sealed },
          fees: { minRate: '2', maxRate: '50', confTarget: 3 },
        }),
      ],
      FILE,
    )
    assert.equal(n!.network, 'litecoin-main')
    assert.equal(n!.confirmations, 6)
    assert.deepEqual(n!.auth, { user: 'kassa', passwordSealed: sealed })
    assert.deepEqual(n!.deposits, { mnemonicSealed: sealed, addressType: 'p2sh-p2wpkh' })
    assert.deepEqual(n!.hotWallet, { privateKeySealed: sealed })
    assert.deepEqual(n!.fees, { confTarget: 3, minRate: 2n, maxRate: 50n })
  })

  test('credentials: one of cookieFile or rpcUser+rpcPassword, the password sealed, the cookie path absolute', () => {
    assert.match(refusal([entry({ cookieFile: undefined })]), /\[0\] the node needs credentials/)
    assert.match(refusal([entry({ rpcUser: 'u', rpcPassword: sealed })]), /\[0\] give either cookieFile or rpcUser/)
    assert.match(refusal([entry({ cookieFile: undefined, rpcUser: 'u', rpcPassword: 'hunter2' })]), /\[0\.rpcPassword\] must be sealed/)
    assert.match(refusal([entry({ cookieFile: '.cookie' })]), /\[0\] cookieFile must be an absolute path/)
  })

  test('each field out of its domain is refused, naming it', () => {
    assert.match(refusal([entry({ coin: 'DOGE' })]), /\[0\.coin\]/)
    assert.match(refusal([entry({ chain: 'testnet3' })]), /\[0\.chain\]/)
    assert.match(refusal([entry({ coin: 'LTC', chain: 'signet' })]), /\[0\] chain "signet" is Bitcoin only/)
    assert.match(refusal([entry({ rpcUrl: 'ftp://node' })]), /\[0\.rpcUrl\]/)
    assert.match(refusal([entry({ deposits: { xpub: 'not-a-key' } })]), /\[0\.deposits/)
    assert.match(refusal([entry({ deposits: { xpub: ZPUB, addressType: 'p2tr' } })]), /\[0\.deposits/)
    assert.match(refusal([entry({ fees: { minRate: '0' } })]), /\[0\.fees\.minRate\]/)
    assert.match(refusal([entry({ fees: { maxRate: 5 } })]), /\[0\.fees\.maxRate\]/)
    assert.match(refusal([entry({ fees: { minRate: '20', maxRate: '10' } })]), /\[0\] fees\.minRate \(20\) is above fees\.maxRate \(10\)/)
    assert.match(refusal([entry({ confirmations: 0 })]), /\[0\.confirmations\]/)
    assert.match(refusal([entry({ gapLimit: 0 })]), /\[0\.gapLimit\]/)
    assert.match(refusal([entry({ feeRate: '5' })]), /\[0\]/)
    assert.match(refusal([entry(), entry()]), /\[1\] network bitcoin-main appears twice/)
    assert.match(refusal({}), /\[\]/)
  })

  test('the file is read; a missing or non-JSON file is refused naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-btc-'))
    try {
      const file = join(dir, 'n.json')
      writeFileSync(file, JSON.stringify([entry()]))
      assert.equal(loadBitcoinNetworksFile(file)[0]!.network, 'bitcoin-main')
      writeFileSync(file, '[{')
      assert.throws(() => loadBitcoinNetworksFile(file), /KASSA_BITCOIN_NETWORKS_FILE: .* is not JSON/)
      assert.throws(() => loadBitcoinNetworksFile(join(dir, 'none.json')), /KASSA_BITCOIN_NETWORKS_FILE: cannot read/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
