import { Address } from '@ton/core'

/**
 * A TON address: user-friendly base64/base64url with its CRC16 (EQ…/UQ…), or raw `wc:hex`.
 * @ton/core's parser checks the checksum and workchain; test-only friendly addresses are refused.
 */
export function isValidTonAddress(address: string): boolean {
  try {
    if (Address.isFriendly(address)) return !Address.parseFriendly(address).isTestOnly
    if (Address.isRaw(address)) {
      Address.parseRaw(address)
      return true
    }
  } catch {
    return false
  }
  return false
}

/**
 * The test-only, non-bounceable friendly address (0Q…) of a 32-byte account hash on the base
 * workchain: TON's own test flag, which mainnet wallets refuse.
 */
export function tonTestAddressFromHash(hash32: Uint8Array): string {
  if (hash32.length !== 32) throw new TypeError('A TON account hash must be 32 bytes')
  return new Address(0, Buffer.from(hash32)).toString({ testOnly: true, bounceable: false, urlSafe: true })
}

/** A friendly address with the test-only flag (what tonTestAddressFromHash makes). */
export function isValidTonTestAddress(address: string): boolean {
  try {
    return Address.isFriendly(address) && Address.parseFriendly(address).isTestOnly
  } catch {
    return false
  }
}
