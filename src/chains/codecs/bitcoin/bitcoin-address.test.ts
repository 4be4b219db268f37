import { describe, it, mock } from 'node:test'
import assert from 'node:assert/strict'
import { address as bitcoinAddress } from 'bitcoinjs-lib'
import { bitcoinLikeAddressType, isValidBitcoinLikeAddress, p2wpkhAddressFromHash, type BitcoinLikeAddressType } from './bitcoin-address.js'
import { BITCOIN_LIKE_NETWORK_NAMES, type BitcoinLikeNetworkName } from './bitcoin-networks.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))

// bitcoinjs-lib prints a loss-of-funds warning the first time it builds a script for segwit
// v2-16; validation refuses those addresses before that point, which the last test checks.
const consoleWarn = mock.method(console, 'warn', () => undefined)

// BIP173 "Examples": HASH160 of the generator point's compressed key.
const BIP173_HASH = '751e76e8199196d454941c45d1b3a323f1433bd6'

describe('p2wpkhAddressFromHash', () => {
  it('encodes the BIP173 example hash on Bitcoin mainnet and testnet', () => {
    assert.equal(p2wpkhAddressFromHash(hex(BIP173_HASH), 'bitcoin'), 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')
    assert.equal(p2wpkhAddressFromHash(hex(BIP173_HASH), 'testnet'), 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')
  })

  it('encodes the same hash with the Litecoin prefixes, and the result decodes back to it', () => {
    // ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9 is the Litecoin form of the BIP173 vector
    // that other implementations' test suites use as well.
    const ltc = p2wpkhAddressFromHash(hex(BIP173_HASH), 'litecoin')
    assert.equal(ltc, 'ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9')
    const decoded = bitcoinAddress.fromBech32(ltc)
    assert.equal(decoded.prefix, 'ltc')
    assert.equal(decoded.version, 0)
    assert.equal(Buffer.from(decoded.data).toString('hex'), BIP173_HASH)
    assert.equal(bitcoinLikeAddressType(ltc, 'litecoin'), 'p2wpkh')

    assert.equal(p2wpkhAddressFromHash(hex(BIP173_HASH), 'regtest'), 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080')
    assert.equal(p2wpkhAddressFromHash(hex(BIP173_HASH), 'litecoin-testnet'), 'tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0')
  })

  it('round-trips through the validator on every network and only there', () => {
    for (const network of BITCOIN_LIKE_NETWORK_NAMES) {
      const encoded = p2wpkhAddressFromHash(hex(BIP173_HASH), network)
      for (const other of BITCOIN_LIKE_NETWORK_NAMES) {
        assert.equal(isValidBitcoinLikeAddress(encoded, other), other === network, `${encoded} on ${other}`)
      }
    }
  })

  it('refuses a hash that is not 20 bytes', () => {
    for (const length of [0, 19, 21, 32]) {
      assert.throws(() => p2wpkhAddressFromHash(new Uint8Array(length), 'bitcoin'), TypeError, String(length))
    }
  })
})

describe('isValidBitcoinLikeAddress: BIP350 segwit vectors', () => {
  // The valid addresses of BIP350 with the network their HRP belongs to. Versions 2-16 and a
  // 40-byte v1 program are valid encodings but not a standard output type, so Kassa refuses
  // them (undefined); the decode check below shows that the refusal is policy, not a
  // decoding failure.
  const valid: Array<[string, BitcoinLikeNetworkName, BitcoinLikeAddressType | undefined]> = [
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'bitcoin', 'p2wpkh'],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'testnet', 'p2wsh'],
    ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'bitcoin', undefined],
    ['BC1SW50QGDZ25J', 'bitcoin', undefined],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'bitcoin', undefined],
    ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', 'testnet', 'p2wsh'],
    ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'testnet', 'p2tr'],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'bitcoin', 'p2tr'],
  ]

  for (const [address, network, type] of valid) {
    it(`${address} is ${type ?? 'refused'} on ${network} and invalid elsewhere`, () => {
      assert.doesNotThrow(() => bitcoinAddress.fromBech32(address))
      assert.equal(bitcoinLikeAddressType(address, network), type)
      for (const other of BITCOIN_LIKE_NETWORK_NAMES.filter((name) => name !== network)) {
        assert.equal(isValidBitcoinLikeAddress(address, other), false, other)
      }
    })
  }

  it('accepts the lowercase form of the uppercase vector too', () => {
    assert.equal(bitcoinLikeAddressType('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bitcoin'), 'p2wpkh')
  })

  const invalid = [
    'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', // invalid HRP
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // bech32 instead of bech32m
    'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', // bech32 instead of bech32m
    'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', // bech32 instead of bech32m
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', // bech32m instead of bech32
    'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', // bech32m instead of bech32
    'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', // invalid checksum character
    'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', // invalid witness version
    'bc1pw5dgrnzv', // 1-byte program
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', // 41-byte program
    'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // 16-byte v0 program
    'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', // mixed case
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', // over 4 bits of zero padding
    'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', // non-zero padding
    'bc1gmk9yu', // empty data
  ]

  it('refuses every BIP350 invalid address on every network', () => {
    for (const address of invalid) {
      for (const network of BITCOIN_LIKE_NETWORK_NAMES) {
        assert.equal(isValidBitcoinLikeAddress(address, network), false, `${address} on ${network}`)
      }
    }
  })
})

describe('isValidBitcoinLikeAddress: BIP173 vectors', () => {
  it('accepts the BIP173 P2WSH examples', () => {
    assert.equal(bitcoinLikeAddressType('bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', 'bitcoin'), 'p2wsh')
    assert.equal(bitcoinLikeAddressType('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'testnet'), 'p2wsh')
  })

  const invalid = [
    'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', // invalid HRP
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', // invalid checksum
    'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', // invalid witness version
    'bc1rw5uspcuh', // invalid program length
    'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90', // program too long
    'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // invalid v0 program length
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7', // mixed case
    'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', // over 4 bits of zero padding
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv', // non-zero padding
    'bc1gmk9yu', // empty data
    // BIP173 listed these v1+ addresses as valid; BIP350 moved v1+ to bech32m, so their bech32
    // checksums are now wrong.
    'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx',
    'BC1SW50QA3JX3S',
    'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj',
  ]

  it('refuses every BIP173 invalid address, and the pre-BIP350 v1+ ones, on every network', () => {
    for (const address of invalid) {
      for (const network of BITCOIN_LIKE_NETWORK_NAMES) {
        assert.equal(isValidBitcoinLikeAddress(address, network), false, `${address} on ${network}`)
      }
    }
  })

  it('refuses mixed case even when the lowercase form is valid', () => {
    const lower = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
    assert.equal(isValidBitcoinLikeAddress(lower, 'bitcoin'), true)
    assert.equal(isValidBitcoinLikeAddress('bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bitcoin'), false)
    assert.equal(isValidBitcoinLikeAddress('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4', 'bitcoin'), false)
  })

  it('refuses a look-alike of the BIP173 example that is not a valid address', () => {
    // Quoted in Kassa's task brief as "BIP173's example"; the real one is tested above.
    assert.equal(isValidBitcoinLikeAddress('bc1qw508d6qejxtdg4c5ydvfkkbz9qy5n3fhcpsmh', 'bitcoin'), false)
  })
})

describe('isValidBitcoinLikeAddress: Base58Check addresses', () => {
  const valid: Array<[string, BitcoinLikeNetworkName, BitcoinLikeAddressType]> = [
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'bitcoin', 'p2pkh'], // genesis block coinbase
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'bitcoin', 'p2sh'], // Bitcoin wiki P2SH example
    ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'testnet', 'p2pkh'], // Bitcoin wiki testnet example
    ['2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'testnet', 'p2sh'],
    ['LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1', 'litecoin', 'p2pkh'],
    ['M7zVKQKmtV5Rc7erVGVVC3khZbXxsS5HEX', 'litecoin', 'p2sh'],
  ]

  for (const [address, network, type] of valid) {
    it(`${address} is ${type} on ${network}`, () => {
      assert.equal(bitcoinLikeAddressType(address, network), type)
    })
  }

  it('keeps Bitcoin and Litecoin mainnet apart', () => {
    assert.equal(isValidBitcoinLikeAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'litecoin'), false)
    assert.equal(isValidBitcoinLikeAddress('LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1', 'bitcoin'), false)
    assert.equal(isValidBitcoinLikeAddress('M7zVKQKmtV5Rc7erVGVVC3khZbXxsS5HEX', 'bitcoin'), false)
    // Litecoin's legacy "3…" P2SH form is the Bitcoin one byte for byte; see bitcoin-networks.ts.
    assert.equal(isValidBitcoinLikeAddress('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'litecoin'), false)
  })

  it('keeps ltc1 and bc1 apart in both directions', () => {
    assert.equal(isValidBitcoinLikeAddress('ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9', 'bitcoin'), false)
    assert.equal(isValidBitcoinLikeAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'litecoin'), false)
    assert.equal(isValidBitcoinLikeAddress('tltc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qsnr4fp', 'testnet'), false)
    assert.equal(bitcoinLikeAddressType('tltc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qsnr4fp', 'litecoin-testnet'), 'p2wsh')
  })

  it('shares testnet base58 versions where the chains themselves share them', () => {
    // Bitcoin testnet, regtest and Litecoin testnet all use pubKeyHash 0x6f.
    assert.equal(isValidBitcoinLikeAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'regtest'), true)
    assert.equal(isValidBitcoinLikeAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'litecoin-testnet'), true)
    assert.equal(isValidBitcoinLikeAddress('mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'bitcoin'), false)
    // …but not P2SH: Litecoin testnet uses 0x3a where Bitcoin testnet uses 0xc4.
    assert.equal(isValidBitcoinLikeAddress('2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'litecoin-testnet'), false)
  })

  it('refuses a corrupted Base58Check checksum', () => {
    assert.equal(isValidBitcoinLikeAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', 'bitcoin'), false)
    assert.equal(isValidBitcoinLikeAddress('LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc2', 'litecoin'), false)
    // BIP21's example address fails its checksum too.
    assert.equal(isValidBitcoinLikeAddress('175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W', 'bitcoin'), false)
  })

  it("refuses garbage and other chains' addresses", () => {
    const garbage = [
      '',
      ' ',
      'bitcoin',
      '1',
      'bc1',
      ' bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 ',
      'bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ]
    for (const address of garbage) {
      for (const network of BITCOIN_LIKE_NETWORK_NAMES) {
        assert.equal(isValidBitcoinLikeAddress(address, network), false, `${JSON.stringify(address)} on ${network}`)
      }
    }
  })
})

describe('isValidBitcoinLikeAddress: side effects', () => {
  it('never lets bitcoinjs-lib print its future-segwit warning', () => {
    for (const address of ['BC1SW50QGDZ25J', 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs']) {
      assert.equal(isValidBitcoinLikeAddress(address, 'bitcoin'), false)
    }
    assert.equal(consoleWarn.mock.callCount(), 0)
  })
})
