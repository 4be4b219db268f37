import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { isValidTronAddress } from './tron-address.js'
import { TRON_ACCOUNT_PATH, TronDepositKeys, TronKeyError, tronAddressOfPrivateKey, tronHotWalletKey } from './tron-keys.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

// Known vectors, none computed by this code:
// tboydston/hdAddressGenerator, tests/settings.js and tests/coins/TRX.js at commit
// 403cd7e574b77ccb288b03458ec93cdebdb88760: the suite's mnemonic and its TRON addresses and
// private keys at m/44'/195'/0'/0/0 and /1, and the extended public key of m/44'/195'/0'/0.
const HDGEN_MNEMONIC = 'brand improve symbol strike say focus ginger imitate ginger appear wheel brand swear relief zero'
const HDGEN_CHANGE_XPUB = 'xpub6EHd7URQHYMYuiHMmWEEtiUHPUJ6WvfSFuRTodiWLWWE3Ep73ZT9nLVAnGfxa2CU4cSLWbWiqxWowswMpg4WaxJrH6pxYNTm56JxXNcY2J5'
const HDGEN_ADDRESSES = [
  { address: 'TKP2mZrYNKdrXJi38vxQsAykfo1YoWjxpR', privateKey: '4725a486dfadd17e1b7e6463a198b410dd3fe916622cab9403e00208efff590f' },
  { address: 'TEj3nZiTniYrQQPDmjMuTF58cgJ2x2AT3P', privateKey: '158147a9642fb91bb324483d4c789f56e83abb99b7f2c90e9931f5dc88146c43' },
]
// trustwallet/wallet-core, tests/chains/Tron/AddressTests.cpp at commit
// 4478651f65a5b3542aa7ccf74355b2b783032efe (TronAddress.FromPublicKey).
const WALLET_CORE_KEYS = [
  { privateKey: '2d8f68944bdbfbc0769542fba8fc2d2a3de67393334471624364c7006da2aa54', address: 'TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC' },
  { privateKey: 'BE88DF1D0BF30A923CB39C3BB953178BAAF3726E8D3CE81E7C8462E046E0D835', address: 'THRF3GuPnvvPzKoaT8pJex5XHmo8NNbCb3' },
]
// BitGo/BitGoJS, modules/sdk-coin-trx/test/resources.ts at commit
// 07a9b0cfbbbd06b4df2ddf3e5c2f171cb7cb2e18 (FirstPrivateKey / FirstExpectedKeyAddress).
const BITGO_KEY = {
  privateKey: '2DBEAC1C22849F47514445A56AEF2EF164528A502DE4BD289E23EA1E2D4C4B06',
  address: 'TTsGwnTLQ4eryFJpDvJSfuGQxPXRCjXvZz',
}

/** The account xpub a wallet would export for the mnemonic (derived with @scure/bip32, not with the code under test). */
function accountXpub(mnemonic: string): string {
  return HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(TRON_ACCOUNT_PATH).publicExtendedKey
}

describe('TronDepositKeys', () => {
  it("derives the published addresses and keys at m/44'/195'/0'/0/i from a mnemonic", () => {
    const keys = TronDepositKeys.fromMnemonic(HDGEN_MNEMONIC)
    assert.equal(keys.canSign, true)
    HDGEN_ADDRESSES.forEach((vector, index) => {
      assert.equal(keys.address(index), vector.address)
      assert.equal(toHex(keys.privateKey(index)), vector.privateKey)
    })
  })

  it('uses the path whose change-level xpub the vector source publishes', () => {
    const change = HDKey.fromMasterSeed(mnemonicToSeedSync(HDGEN_MNEMONIC)).derive(`${TRON_ACCOUNT_PATH}/0`)
    assert.equal(change.publicExtendedKey, HDGEN_CHANGE_XPUB)
  })

  it('derives the same addresses from the account xpub, which cannot sign', () => {
    const keys = TronDepositKeys.fromXpub(accountXpub(HDGEN_MNEMONIC))
    assert.equal(keys.canSign, false)
    HDGEN_ADDRESSES.forEach((vector, index) => {
      assert.equal(keys.address(index), vector.address)
    })
    assert.throws(() => keys.privateKey(0), TronKeyError)
  })

  it('gives every address a different, valid T… address', () => {
    const keys = TronDepositKeys.fromMnemonic(HDGEN_MNEMONIC)
    const seen = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const a = keys.address(i)
      assert.equal(isValidTronAddress(a), true, a)
      seen.add(a)
    }
    assert.equal(seen.size, 20)
  })

  it('answers the same address from its cache', () => {
    const keys = TronDepositKeys.fromMnemonic(HDGEN_MNEMONIC)
    assert.equal(keys.address(1), keys.address(1))
    assert.equal(keys.address(1), HDGEN_ADDRESSES[1]!.address)
  })

  it('refuses indexes outside 0 … 2^31-1', () => {
    const keys = TronDepositKeys.fromMnemonic(HDGEN_MNEMONIC)
    for (const index of [-1, 1.5, 2 ** 31, Number.NaN]) {
      assert.throws(() => keys.address(index), TronKeyError, String(index))
      assert.throws(() => keys.privateKey(index), TronKeyError, String(index))
    }
    assert.equal(isValidTronAddress(keys.address(2 ** 31 - 1)), true)
  })

  it('refuses a bad mnemonic or xpub', () => {
    assert.throws(
      () => TronDepositKeys.fromMnemonic('brand improve symbol strike say focus ginger imitate ginger appear wheel brand swear relief'),
      TronKeyError,
    )
    assert.throws(() => TronDepositKeys.fromMnemonic(HDGEN_MNEMONIC.replace('zero', 'zoo')), TronKeyError)
    assert.throws(() => TronDepositKeys.fromXpub('xpub-not-a-key'), TronKeyError)
    assert.throws(() => TronDepositKeys.fromXpub(`${HDGEN_CHANGE_XPUB.slice(0, -1)}6`), TronKeyError)
  })

  it('tolerates extra whitespace in the mnemonic', () => {
    assert.equal(TronDepositKeys.fromMnemonic(`  ${HDGEN_MNEMONIC.replaceAll(' ', '  \n')} `).address(0), HDGEN_ADDRESSES[0]!.address)
  })
})

describe('tronAddressOfPrivateKey', () => {
  it('gives the addresses other TRON libraries publish for these keys', () => {
    for (const vector of [...WALLET_CORE_KEYS, BITGO_KEY, ...HDGEN_ADDRESSES]) {
      assert.equal(tronAddressOfPrivateKey(hex(vector.privateKey)), vector.address)
    }
  })

  it('refuses what is not a key', () => {
    assert.throws(() => tronAddressOfPrivateKey(new Uint8Array(31).fill(1)), TronKeyError)
    assert.throws(() => tronAddressOfPrivateKey(new Uint8Array(32)), TronKeyError)
    assert.throws(() => tronAddressOfPrivateKey(new Uint8Array(32).fill(0xff)), TronKeyError)
  })
})

describe('tronHotWalletKey', () => {
  it('takes a raw key with or without 0x, any case', () => {
    const [vector] = WALLET_CORE_KEYS.slice(1)
    for (const text of [vector!.privateKey, `0x${vector!.privateKey}`, ` ${vector!.privateKey.toLowerCase()}\n`]) {
      const key = tronHotWalletKey({ privateKey: text })
      assert.equal(toHex(key), vector!.privateKey.toLowerCase())
      assert.equal(tronAddressOfPrivateKey(key), vector!.address)
    }
  })

  it("takes a mnemonic's first address, m/44'/195'/0'/0/0", () => {
    const key = tronHotWalletKey({ mnemonic: HDGEN_MNEMONIC })
    assert.equal(toHex(key), HDGEN_ADDRESSES[0]!.privateKey)
    assert.equal(tronAddressOfPrivateKey(key), HDGEN_ADDRESSES[0]!.address)
  })

  it('refuses a key of the wrong length, non-hex, zero or beyond the curve order, and a bad mnemonic', () => {
    for (const privateKey of ['abcd', 'zz'.repeat(32), '00'.repeat(32), 'ff'.repeat(32), `0x${'11'.repeat(33)}`]) {
      assert.throws(() => tronHotWalletKey({ privateKey }), TronKeyError, privateKey)
    }
    assert.throws(() => tronHotWalletKey({ mnemonic: 'abandon abandon' }), TronKeyError)
  })
})
