/**
 * EVM address encoding and validation. One codec serves every EVM chain Kassa supports: an
 * address is the last 20 bytes of keccak256(pubkey) on all of them, and EIP-55's checksum
 * does not include the chain id.
 */
import { bytesToHex, getAddress, isAddress } from 'viem'

/**
 * The EIP-55 checksummed address for a 20-byte account hash. Throws a TypeError for any
 * other length rather than padding or truncating: either would silently name someone else's
 * account.
 */
export function evmAddressFromHash(hash20: Uint8Array): string {
  if (!(hash20 instanceof Uint8Array) || hash20.length !== 20) {
    throw new TypeError('An EVM address hash must be 20 bytes')
  }
  return getAddress(bytesToHex(hash20))
}

/**
 * True for "0x" plus 40 hex digits that are all lowercase, all uppercase, or mixed case with
 * a correct EIP-55 checksum. EIP-55 treats single-case text as carrying no checksum, so it is
 * accepted as-is; a mixed-case address with a wrong checksum is refused because it is the
 * typo signature the checksum exists to catch.
 *
 * viem's `isAddress(…, { strict: true })` alone would refuse the all-uppercase form, so the
 * single-case check happens first.
 */
export function isValidEvmAddress(address: string): boolean {
  if (typeof address !== 'string' || !isAddress(address, { strict: false })) return false
  const digits = address.slice(2)
  if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) return true
  return isAddress(address, { strict: true })
}

/**
 * The EIP-55 form of a valid address, for storage and display. Throws a TypeError when
 * `isValidEvmAddress` would return false; viem's getAddress alone would quietly "fix" a
 * mixed-case address whose checksum is wrong.
 */
export function checksumEvmAddress(address: string): string {
  if (!isValidEvmAddress(address)) throw new TypeError(`Not an EVM address: ${String(address)}`)
  return getAddress(address)
}
