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
