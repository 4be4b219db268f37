import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { networks } from 'bitcoinjs-lib'
import { BITCOIN_LIKE_NETWORK_NAMES, bitcoinLikeNetwork, isBitcoinLikeNetworkName } from './bitcoin-networks.js'

describe('bitcoinLikeNetwork', () => {
  it('gives bitcoinjs-lib its own Bitcoin tables, unchanged', () => {
    assert.deepEqual({ ...bitcoinLikeNetwork('bitcoin') }, { ...networks.bitcoin })
    assert.deepEqual({ ...bitcoinLikeNetwork('testnet') }, { ...networks.testnet })
    assert.deepEqual({ ...bitcoinLikeNetwork('regtest') }, { ...networks.regtest })
  })

  // Values from litecoin-project/litecoin src/chainparams.cpp (CMainParams, CTestNetParams).
  it('uses Litecoin Core mainnet parameters', () => {
    assert.deepEqual(
      { ...bitcoinLikeNetwork('litecoin') },
      {
        messagePrefix: '\x19Litecoin Signed Message:\n',
        bech32: 'ltc',
        bip32: { public: 0x0488b21e, private: 0x0488ade4 },
        pubKeyHash: 0x30,
        scriptHash: 0x32,
        wif: 0xb0,
      },
    )
  })

  it('uses Litecoin Core testnet parameters', () => {
    assert.deepEqual(
      { ...bitcoinLikeNetwork('litecoin-testnet') },
      {
        messagePrefix: '\x19Litecoin Signed Message:\n',
        bech32: 'tltc',
        bip32: { public: 0x043587cf, private: 0x04358394 },
        pubKeyHash: 0x6f,
        scriptHash: 0x3a,
        wif: 0xef,
      },
    )
  })

  it("hands out frozen tables so no caller can change another caller's validation", () => {
    for (const name of BITCOIN_LIKE_NETWORK_NAMES) {
      const network = bitcoinLikeNetwork(name) as { bech32: string; bip32: { public: number } }
      assert.throws(
        () => {
          network.bech32 = 'xx'
        },
        TypeError,
        name,
      )
      assert.throws(
        () => {
          network.bip32.public = 0
        },
        TypeError,
        name,
      )
    }
    assert.equal(networks.bitcoin.bech32, 'bc')
  })

  it('refuses names it does not know, including inherited property names', () => {
    assert.throws(() => bitcoinLikeNetwork('dogecoin' as never), TypeError)
    assert.throws(() => bitcoinLikeNetwork('toString' as never), TypeError)
  })
})

describe('isBitcoinLikeNetworkName', () => {
  // CRegTestParams in the same file: testnet's bytes, bech32 "rltc".
  it('uses Litecoin Core regtest parameters', () => {
    const regtest = bitcoinLikeNetwork('litecoin-regtest')
    assert.equal(regtest.bech32, 'rltc')
    assert.equal(regtest.pubKeyHash, 0x6f)
    assert.equal(regtest.scriptHash, 0x3a)
  })

  it('accepts exactly the six names', () => {
    assert.deepEqual(BITCOIN_LIKE_NETWORK_NAMES.filter(isBitcoinLikeNetworkName), [
      'bitcoin',
      'testnet',
      'regtest',
      'litecoin',
      'litecoin-testnet',
      'litecoin-regtest',
    ])
    for (const other of ['', 'Bitcoin', 'mainnet', 'ltc', 'toString', '__proto__']) {
      assert.equal(isBitcoinLikeNetworkName(other), false, other)
    }
  })
})
