import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SWAP_ADDRESS_VALIDATORS } from './swap-address-validators.js'
import { parseXrpAddress } from './codecs/xrp/xrp-address.js'

// Real addresses from the seed's samples and well-known accounts; each "bad" one differs by a
// checksum character or belongs to another network.
const CASES: [network: string, address: string, valid: boolean][] = [
  ['btc', '35iMHbUZeTssxBodiHwEEkb32jpBfVueEL', true],
  ['btc', '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', true],
  ['btc', '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MN', false],
  ['btc', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', false],
  ['ltc', '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', false],
  ['doge', 'DLPaeuaJi2JLUcvYHD4ddLxadwnGaVSt4p', true],
  ['doge', 'DLPaeuaJi2JLUcvYHD4ddLxadwnGaVSt4q', false],
  ['doge', '1P279UBChDFPAky8S4DcKGaaxKEMYBK9MM', false],
  ['eth', '0x7ed2bf650d12819171a8add77fe772a18dd77a10', true],
  ['erc20', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', false],
  ['trx', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', true],
  ['trx', '0x7ed2bf650d12819171a8add77fe772a18dd77a10', false],
  ['xrp', 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kb', true],
  ['xrp', 'rLWyHZwAhsVrHCu8ahsfQfb9w9w7A5WTrS', true],
  ['xrp', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', true],
  ['xrp', 'raGXwk3P9yCtT2mGKD7nQdRNDCPSgwb2Kc', false],
  ['ton', 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJx', true],
  ['ton', 'UQDTQmCrngsFMbgBhWNX_Sg6Ko3sXUcdeliM5OoZO2Pt4NJy', false],
  ['sol', '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV', true],
  ['sol', '0x7ed2bf650d12819171a8add77fe772a18dd77a10', false],
]

for (const [network, address, valid] of CASES) {
  test(`${network}: ${address} is ${valid ? 'valid' : 'refused'}`, () => {
    assert.equal(SWAP_ADDRESS_VALIDATORS[network]!(address), valid)
  })
}

test('an XRP X-address carries its destination tag', () => {
  const x = parseXrpAddress('XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi')
  assert.equal(x?.classic, 'rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf')
  assert.equal(x?.tag, 4294967295)
})
