import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import bs58check from 'bs58check'
import { isValidTronAddress, tronAddressFromHash, tronAddressToHex } from './tron-address.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))

// Tether USD's TRC-20 contract on TRON mainnet, and TRON's all-zero address (the "black hole"
// address that burns are sent to).
const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'
const USDT_HEX = '41a614f803b6fd780986a42c78ec9c7f77e6ded13c'
const ZERO = 'T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb'
const ZERO_HEX = '410000000000000000000000000000000000000000'
// An ordinary account, as other TRON libraries' test suites pair it.
const ACCOUNT = 'TDt9YtfuttvxD2Jv8F8v4JEDbnBBb1jVNt'
const ACCOUNT_HEX = '412aeb8add8337360e088b7d9ce4e857b9be60f3a7'

describe('tronAddressFromHash', () => {
  it('encodes the USDT contract, an account and the zero address from their 20-byte hashes', () => {
    assert.equal(tronAddressFromHash(hex(USDT_HEX.slice(2))), USDT)
    assert.equal(tronAddressFromHash(hex(ACCOUNT_HEX.slice(2))), ACCOUNT)
    assert.equal(tronAddressFromHash(hex(ZERO_HEX.slice(2))), ZERO)
  })

  it('starts every address with T', () => {
    assert.equal(tronAddressFromHash(new Uint8Array(20).fill(0xff)).charAt(0), 'T')
  })

  it('refuses a hash that is not 20 bytes', () => {
    for (const length of [0, 19, 21, 32]) {
      assert.throws(() => tronAddressFromHash(new Uint8Array(length)), TypeError, String(length))
    }
  })
})

describe('tronAddressToHex', () => {
  it('gives the 41-prefixed hex form of the USDT contract, an account and the zero address', () => {
    assert.equal(tronAddressToHex(USDT), USDT_HEX)
    assert.equal(tronAddressToHex(ACCOUNT), ACCOUNT_HEX)
    assert.equal(tronAddressToHex(ZERO), ZERO_HEX)
  })

  it('round-trips with tronAddressFromHash', () => {
    const hash = hex('5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')
    assert.equal(tronAddressToHex(tronAddressFromHash(hash)), `41${Buffer.from(hash).toString('hex')}`)
  })

  it('refuses an invalid address', () => {
    assert.throws(() => tronAddressToHex('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u'), TypeError)
    assert.throws(() => tronAddressToHex(USDT_HEX), TypeError)
  })
})

describe('isValidTronAddress', () => {
  it('accepts real addresses', () => {
    assert.equal(isValidTronAddress(USDT), true)
    assert.equal(isValidTronAddress(ACCOUNT), true)
    assert.equal(isValidTronAddress(ZERO), true)
  })

  it('refuses a corrupted checksum or a changed character', () => {
    assert.equal(isValidTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u'), false)
    assert.equal(isValidTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T'), false)
    assert.equal(isValidTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLJ6t'), false)
    assert.equal(isValidTronAddress('T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwc'), false)
  })

  it('is case-sensitive, as base58 is', () => {
    assert.equal(isValidTronAddress(USDT.toLowerCase()), false)
    assert.equal(isValidTronAddress(USDT.toUpperCase()), false)
  })

  it('refuses well-formed Base58Check with the wrong version byte or length', () => {
    const hash = hex(USDT_HEX.slice(2))
    // A Bitcoin P2PKH address is valid Base58Check of 21 bytes too, with version 0x00.
    assert.equal(isValidTronAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'), false)
    // 0xa0 was the prefix of TRON's pre-mainnet testnet; only 0x41 is current.
    assert.equal(isValidTronAddress(bs58check.encode(Uint8Array.from([0xa0, ...hash]))), false)
    assert.equal(isValidTronAddress(bs58check.encode(Uint8Array.from([0x41, ...hash, 0x00]))), false)
    assert.equal(isValidTronAddress(bs58check.encode(Uint8Array.from([0x41, ...hash.subarray(1)]))), false)
    // The control: the same construction with the right bytes is valid.
    assert.equal(isValidTronAddress(bs58check.encode(Uint8Array.from([0x41, ...hash]))), true)
  })

  it("refuses garbage and other chains' addresses", () => {
    const garbage = [
      '',
      'T',
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6',
      USDT_HEX,
      `0x${USDT_HEX.slice(2)}`,
      ` ${USDT}`,
      `${USDT} `,
      'T0R7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6', // '0' is not in the base58 alphabet
      '0xa614f803b6fd780986a42c78ec9c7f77e6ded13c',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      `tron:${USDT}`,
    ]
    for (const address of garbage) assert.equal(isValidTronAddress(address), false, JSON.stringify(address))
  })
})
