// Experiment only: stands in for the three viem functions src/chains/evm/evm-address.ts uses
// (bytesToHex, getAddress, isAddress), built on @noble/hashes (already loaded by bitcoinjs-lib
// and bs58check), to measure what dropping the `viem` barrel import saves at start-up.
// Same behaviour for the calls Kassa makes; not a general viem replacement.
import { keccak_256 } from '@noble/hashes/sha3'

const HEX40 = /^0x[0-9a-fA-F]{40}$/

export function bytesToHex(bytes) {
  return '0x' + Buffer.from(bytes).toString('hex')
}

function checksum(address) {
  const lower = address.slice(2).toLowerCase()
  const hash = Buffer.from(keccak_256(new TextEncoder().encode(lower))).toString('hex')
  let out = '0x'
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i]
  return out
}

export function isAddress(address, opts = {}) {
  if (typeof address !== 'string' || !HEX40.test(address)) return false
  if (opts.strict === false) return true
  const digits = address.slice(2)
  if (digits === digits.toLowerCase()) return true
  return checksum(address) === address
}

export function getAddress(address) {
  if (!HEX40.test(address)) throw new Error(`Address "${address}" is invalid.`)
  return checksum(address)
}
