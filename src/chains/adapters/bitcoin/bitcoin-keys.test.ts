import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import bs58check from 'bs58check'
import { BitcoinDepositKeys, BitcoinKeyError, bitcoinHotWalletKey, hotWalletAddress } from './bitcoin-keys.js'

/**
 * The published test vectors of BIP44, BIP49 and BIP84 (mnemonic "abandon … about", account 0,
 * receive address 0 and 1): a wallet restored from the same key shows these addresses, so a
 * merchant finds every payment in Electrum or Sparrow.
 */
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const BIP84_ZPUB = 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs'
const BIP49_YPUB = 'ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP'

describe('BitcoinDepositKeys', () => {
  test('BIP84: zpub and mnemonic derive the vector addresses (P2WPKH, bc1q…)', () => {
    const fromZpub = BitcoinDepositKeys.fromXpub(BIP84_ZPUB, 'bitcoin')
    const fromMnemonic = BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'bitcoin')
    assert.equal(fromZpub.kind, 'p2wpkh')
    assert.equal(fromZpub.address(0).address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
    assert.equal(fromZpub.address(1).address, 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g')
    assert.equal(fromMnemonic.address(0).address, fromZpub.address(0).address)
    assert.deepEqual([...fromZpub.address(0).script.subarray(0, 2)], [0x00, 0x14])
    assert.equal(fromZpub.canSign, false)
    assert.equal(fromMnemonic.canSign, true)
    assert.throws(() => fromZpub.privateKey(0), BitcoinKeyError)
  })

  test('BIP49: ypub derives the vector P2SH-P2WPKH address (3…)', () => {
    const keys = BitcoinDepositKeys.fromXpub(BIP49_YPUB, 'bitcoin')
    assert.equal(keys.kind, 'p2sh-p2wpkh')
    assert.equal(keys.address(0).address, '37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf')
    assert.equal(
      BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'bitcoin', 'p2sh-p2wpkh').address(0).address,
      '37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf',
    )
  })

  test('BIP44: a mnemonic with addressType p2pkh derives the vector legacy address (1…)', () => {
    assert.equal(BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'bitcoin', 'p2pkh').address(0).address, '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA')
  })

  test('Litecoin: coin type 2 and ltc1 addresses; regtest: coin type 1 and rltc1', () => {
    const ltc = BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'litecoin')
    const expected = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).derive("m/84'/2'/0'/0/0").publicKey!
    assert.deepEqual(ltc.address(0).publicKey, expected)
    assert.match(ltc.address(0).address, /^ltc1q/)
    assert.match(BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'litecoin-regtest').address(0).address, /^rltc1q/)
    assert.match(BitcoinDepositKeys.fromMnemonic(MNEMONIC, 'regtest').address(0).address, /^bcrt1q/)
  })

  test('refuses a mainnet key on a test chain, a non-account key and junk, each with the reason', () => {
    assert.throws(() => BitcoinDepositKeys.fromXpub(BIP84_ZPUB, 'regtest'), /mainnet key; the network is regtest/)
    const master = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC))
    assert.throws(() => BitcoinDepositKeys.fromXpub(master.publicExtendedKey, 'bitcoin'), /depth 0/)
    assert.throws(() => BitcoinDepositKeys.fromXpub(`${BIP84_ZPUB.slice(0, -1)}t`, 'bitcoin'), /Base58Check/)
    const xprv = master.derive("m/84'/0'/0'").privateExtendedKey
    assert.throws(() => BitcoinDepositKeys.fromXpub(xprv, 'bitcoin'), /not a public key Kassa knows/)
    assert.throws(() => BitcoinDepositKeys.fromMnemonic('abandon abandon', 'bitcoin'), /not a valid BIP39 mnemonic/)
  })
})

describe('bitcoinHotWalletKey', () => {
  test('hex, WIF and mnemonic forms give the same kind of key; the address is P2WPKH', () => {
    const fromMnemonic = bitcoinHotWalletKey({ mnemonic: MNEMONIC }, 'bitcoin')
    // The BIP84 vector's first key: its address is the vector's first address.
    assert.equal(hotWalletAddress(fromMnemonic, 'bitcoin').address, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
    const hex = Buffer.from(fromMnemonic).toString('hex')
    assert.deepEqual(bitcoinHotWalletKey({ privateKey: hex }, 'bitcoin'), fromMnemonic)
    const wif = bs58check.encode(Uint8Array.from([0x80, ...fromMnemonic, 0x01]))
    assert.deepEqual(bitcoinHotWalletKey({ privateKey: wif }, 'bitcoin'), fromMnemonic)
    assert.throws(() => bitcoinHotWalletKey({ privateKey: wif }, 'regtest'), /not a compressed regtest key/)
    assert.throws(() => bitcoinHotWalletKey({ privateKey: '00'.repeat(32) }, 'bitcoin'), /not a valid secp256k1 key/)
    assert.throws(() => bitcoinHotWalletKey({ privateKey: 'nonsense' }, 'bitcoin'), /hex or a WIF/)
  })
})
