/**
 * EVM address encoding and validation. One codec serves every EVM chain Kassa supports: an
 * address is the last 20 bytes of keccak256(pubkey) on all of them, and EIP-55's checksum
 * does not include the chain id.
 *
 * EIP-55 is implemented here over @noble/hashes' keccak-256 (the hash viem itself uses)
 * rather than imported from viem: loading viem costs about a quarter of a second at start-up
 * (measured; see docs/PERFORMANCE.md), and a checksum is ten lines. The real EVM adapter
 * loads viem when an EVM network is configured.
 */
import { keccak_256 } from '@noble/hashes/sha3'

const HEX40 = /^0x[0-9a-fA-F]{40}$/

/** EIP-55: uppercase each hex letter whose nibble in keccak256(lowercase hex) is ≥ 8. */
function toChecksum(lowerHex40: string): string {
  const hash = keccak_256(new TextEncoder().encode(lowerHex40))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const c = lowerHex40[i] as string
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0x0f
    out += nibble >= 8 ? c.toUpperCase() : c
  }
  return out
}

/**
 * The EIP-55 checksummed address for a 20-byte account hash. Throws a TypeError for any
 * other length rather than padding or truncating: either would silently name someone else's
 * account.
 */
export function evmAddressFromHash(hash20: Uint8Array): string {
  if (!(hash20 instanceof Uint8Array) || hash20.length !== 20) {
    throw new TypeError('An EVM address hash must be 20 bytes')
  }
  return toChecksum(Buffer.from(hash20).toString('hex'))
}

/**
 * True for "0x" plus 40 hex digits that are all lowercase, all uppercase, or mixed case with
 * a correct EIP-55 checksum. EIP-55 treats single-case text as carrying no checksum, so it is
 * accepted as-is; a mixed-case address with a wrong checksum is refused because it is the
 * typo signature the checksum exists to catch.
 */
export function isValidEvmAddress(address: string): boolean {
  if (typeof address !== 'string' || !HEX40.test(address)) return false
  const digits = address.slice(2)
  if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) return true
  return toChecksum(digits.toLowerCase()) === address
}

/**
 * The EIP-55 form of a valid address, for storage and display. Throws a TypeError when
 * `isValidEvmAddress` would return false, instead of quietly "fixing" a mixed-case address
 * whose checksum is wrong.
 */
export function checksumEvmAddress(address: string): string {
  if (!isValidEvmAddress(address)) throw new TypeError(`Not an EVM address: ${String(address)}`)
  return toChecksum(address.slice(2).toLowerCase())
}
