import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { bip21Uri } from './bip21.js'

// BIP21's examples use 175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W, whose Base58Check checksum is
// wrong, so they are reproduced with a valid address and then compared with the published
// text by swapping the address back.
const SPEC_ADDRESS = '175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W'
const GENESIS = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'
const asSpec = (uri: string): string => uri.replace(GENESIS, SPEC_ADDRESS)

describe('bip21Uri', () => {
  it('reproduces the BIP21 examples', () => {
    assert.equal(asSpec(bip21Uri('bitcoin', GENESIS)), 'bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W')
    assert.equal(asSpec(bip21Uri('bitcoin', GENESIS, undefined, 'Luke-Jr')), 'bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?label=Luke-Jr')
    assert.equal(
      asSpec(bip21Uri('bitcoin', GENESIS, '20.3', 'Luke-Jr')),
      'bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=20.3&label=Luke-Jr',
    )
    assert.equal(
      asSpec(bip21Uri('bitcoin', GENESIS, '50', 'Luke-Jr')),
      'bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=50&label=Luke-Jr',
    )
  })

  it('refuses the BIP21 example address itself, whose checksum is wrong', () => {
    assert.throws(() => bip21Uri('bitcoin', SPEC_ADDRESS, '20.3'), TypeError)
  })

  it("percent-encodes the label as UTF-8, with %20 for spaces as BIP21's message example does", () => {
    assert.equal(
      bip21Uri('bitcoin', GENESIS, undefined, 'Donation for project xyz'),
      `bitcoin:${GENESIS}?label=Donation%20for%20project%20xyz`,
    )
    const label = 'Café & Co = #1?'
    const uri = bip21Uri('bitcoin', GENESIS, '0.001', label)
    assert.equal(uri, `bitcoin:${GENESIS}?amount=0.001&label=Caf%C3%A9%20%26%20Co%20%3D%20%231%3F`)
    assert.equal(new URL(uri).searchParams.get('label'), label)
    assert.equal(new URL(uri).searchParams.get('amount'), '0.001')
  })

  it('leaves an empty label out', () => {
    assert.equal(bip21Uri('bitcoin', GENESIS, '1', ''), `bitcoin:${GENESIS}?amount=1`)
  })

  it('copies the amount text as given, trailing zeros included', () => {
    assert.equal(
      bip21Uri('bitcoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', '0.05000000'),
      'bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.05000000',
    )
    assert.equal(bip21Uri('bitcoin', GENESIS, '0.00000001'), `bitcoin:${GENESIS}?amount=0.00000001`)
  })

  it("accepts any network of the scheme's coin", () => {
    assert.equal(
      bip21Uri('bitcoin', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', '1.5'),
      'bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=1.5',
    )
    assert.equal(
      bip21Uri('bitcoin', 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080'),
      'bitcoin:bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080',
    )
    assert.equal(
      bip21Uri('litecoin', 'ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9', '0.25', 'Kassa order 42'),
      'litecoin:ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9?amount=0.25&label=Kassa%20order%2042',
    )
    assert.equal(
      bip21Uri('litecoin', 'tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0'),
      'litecoin:tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0',
    )
  })

  it('refuses an address of the other coin', () => {
    assert.throws(() => bip21Uri('bitcoin', 'ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9'), TypeError)
    assert.throws(() => bip21Uri('litecoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), TypeError)
    assert.throws(() => bip21Uri('litecoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'), TypeError)
  })

  it('refuses an unknown scheme', () => {
    assert.throws(() => bip21Uri('dogecoin' as never, GENESIS), TypeError)
    assert.throws(() => bip21Uri('toString' as never, GENESIS), TypeError)
  })

  it('refuses amounts BIP21 or 8-decimal coins cannot carry', () => {
    for (const amount of ['', '1,000.00', '50,000.00', '1e-3', '2.014e18', '-1', '+1', '.5', '5.', ' 1', '0x10', '0.123456789', '007']) {
      assert.throws(() => bip21Uri('bitcoin', GENESIS, amount), RangeError, JSON.stringify(amount))
    }
  })
})
