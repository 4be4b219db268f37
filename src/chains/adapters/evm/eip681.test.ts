import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eip681NativeUri, eip681TokenUri } from './eip681.js'

// Reads an EIP-681 `number` ("2.014e18", "1500000000000000000") as an exact integer, so the
// spec's scientific-notation example can be compared with the integer form Kassa writes.
function eip681Number(text: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?(?:[eE](\d+))?$/u.exec(text)
  if (!match) throw new Error(`not an EIP-681 number: ${text}`)
  const fraction = match[2] ?? ''
  const exponent = Number(match[3] ?? '0')
  if (exponent < fraction.length) throw new Error(`not an integer: ${text}`)
  return BigInt((match[1] ?? '') + fraction) * 10n ** BigInt(exponent - fraction.length)
}

describe('eip681NativeUri', () => {
  it("requests the amount of EIP-681's ether example as a plain integer", () => {
    // Spec: ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359?value=2.014e18 (2.014 ETH).
    const uri = eip681NativeUri('0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359', 1, 2_014_000_000_000_000_000n)
    assert.equal(uri, 'ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359@1?value=2014000000000000000')
    const value = new URL(uri).searchParams.get('value') ?? ''
    assert.equal(eip681Number(value), eip681Number('2.014e18'))
  })

  it('writes 1.5 ETH as value=1500000000000000000, without an exponent', () => {
    const uri = eip681NativeUri('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 1, 1_500_000_000_000_000_000n)
    assert.equal(uri, 'ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=1500000000000000000')
    assert.doesNotMatch(uri, /e\d/u)
  })

  it('carries the chain id of other EVM chains', () => {
    assert.equal(
      eip681NativeUri('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 11155111, 1n),
      'ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@11155111?value=1',
    )
    assert.equal(
      eip681NativeUri('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 8453, 0n),
      'ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@8453?value=0',
    )
  })

  it("refuses the spec example's own address, whose mixed case is not a valid checksum", () => {
    assert.throws(() => eip681NativeUri('0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359', 1, 1n), TypeError)
  })

  it('refuses bad chain ids and amounts', () => {
    const to = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
    for (const chainId of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(() => eip681NativeUri(to, chainId, 1n), RangeError, String(chainId))
    }
    assert.throws(() => eip681NativeUri(to, 1, -1n), RangeError)
    assert.throws(() => eip681NativeUri(to, 1, 2n ** 256n), RangeError)
    assert.equal(eip681NativeUri(to, 1, 2n ** 256n - 1n), `ethereum:${to}@1?value=${(2n ** 256n - 1n).toString()}`)
  })
})

describe('eip681TokenUri', () => {
  it("matches EIP-681's ERC-20 example apart from the chain id and checksum case", () => {
    const spec = 'ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer?address=0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1'
    const uri = eip681TokenUri('0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7', 1, '0x8e23ee67d1332ad560396262c48ffbb01f93d052', 1n)
    assert.equal(
      uri,
      'ethereum:0x89205A3A3b2A69De6Dbf7f01ED13B2108B2c43e7@1/transfer?address=0x8e23Ee67d1332aD560396262C48ffbB01F93D052&uint256=1',
    )
    assert.equal(uri.replace('@1/', '/').toLowerCase(), spec)
  })

  it('requests 12.5 USDT on Ethereum in 6-decimal atomic units', () => {
    assert.equal(
      eip681TokenUri('0xdac17f958d2ee523a2206206994597c13d831ec7', 1, '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 12_500_000n),
      'ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12500000',
    )
  })

  it('refuses an invalid token or recipient, and bad chain ids and amounts', () => {
    const usdt = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
    const to = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
    assert.throws(() => eip681TokenUri('0xdAC17F958D2ee523a2206206994597C13D831Ec7', 1, to, 1n), TypeError)
    assert.throws(() => eip681TokenUri(usdt, 1, '0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 1n), TypeError)
    assert.throws(() => eip681TokenUri(usdt, 1, 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 1n), TypeError)
    assert.throws(() => eip681TokenUri(usdt, 0, to, 1n), RangeError)
    assert.throws(() => eip681TokenUri(usdt, 1, to, -1n), RangeError)
    assert.throws(() => eip681TokenUri(usdt, 1, to, 2n ** 256n), RangeError)
  })
})
