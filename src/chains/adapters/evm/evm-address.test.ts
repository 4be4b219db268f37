import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checksumEvmAddress, evmAddressFromHash, isValidEvmAddress } from './evm-address.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/^0x/, ''), 'hex'))

// The test vectors of EIP-55 (https://eips.ethereum.org/EIPS/eip-55), by its own grouping.
const ALL_CAPS = ['0x52908400098527886E0F7030069857D2E4169EE7', '0x8617E340B3D01FA5F11F306F4090FD50E238070D']
const ALL_LOWER = ['0xde709f2102306220921060314715629080e2fb77', '0x27b1fdb04752bbc536007a920d24acb045561c26']
const NORMAL = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
]
const EIP55_VECTORS = [...ALL_CAPS, ...ALL_LOWER, ...NORMAL]

describe('evmAddressFromHash', () => {
  it('produces every EIP-55 vector from its bytes', () => {
    for (const vector of EIP55_VECTORS) {
      assert.equal(evmAddressFromHash(hex(vector.toLowerCase())), vector)
    }
  })

  it('refuses a hash that is not 20 bytes', () => {
    for (const length of [0, 19, 21, 32]) {
      assert.throws(() => evmAddressFromHash(new Uint8Array(length)), TypeError, String(length))
    }
  })
})

describe('isValidEvmAddress', () => {
  it('accepts every EIP-55 vector', () => {
    for (const vector of EIP55_VECTORS) assert.equal(isValidEvmAddress(vector), true, vector)
  })

  it('accepts the all-lowercase and all-uppercase forms of a mixed-case vector', () => {
    for (const vector of NORMAL) {
      const digits = vector.slice(2)
      assert.equal(isValidEvmAddress(`0x${digits.toLowerCase()}`), true, vector)
      assert.equal(isValidEvmAddress(`0x${digits.toUpperCase()}`), true, vector)
    }
  })

  it("refuses a mixed-case address with one letter's case flipped", () => {
    for (const vector of NORMAL) {
      const index = vector.search(/[a-fA-F]/u)
      const char = vector.charAt(index)
      const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()
      const corrupted = vector.slice(0, index) + flipped + vector.slice(index + 1)
      assert.notEqual(corrupted, vector)
      assert.equal(isValidEvmAddress(corrupted), false, corrupted)
    }
  })

  it("refuses the address printed in EIP-681's example, whose mixed case is not a checksum", () => {
    assert.equal(isValidEvmAddress('0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359'), false)
  })

  it("refuses garbage and other chains' addresses", () => {
    const garbage = [
      '',
      '0x',
      '0x0',
      '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', // no 0x
      '0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED', // uppercase prefix
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', // 39 digits
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd', // 41 digits
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg', // not hex
      ' 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ',
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'vitalik.eth',
    ]
    for (const address of garbage) assert.equal(isValidEvmAddress(address), false, JSON.stringify(address))
  })
})

describe('checksumEvmAddress', () => {
  it('writes single-case input in EIP-55 form', () => {
    for (const vector of NORMAL) {
      assert.equal(checksumEvmAddress(vector.toLowerCase()), vector)
      assert.equal(checksumEvmAddress(`0x${vector.slice(2).toUpperCase()}`), vector)
    }
  })

  it('refuses to "repair" a wrong checksum', () => {
    assert.throws(() => checksumEvmAddress('0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359'), TypeError)
    assert.throws(() => checksumEvmAddress('not an address'), TypeError)
  })
})
