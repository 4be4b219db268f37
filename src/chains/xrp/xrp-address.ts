import { isValidClassicAddress, isValidXAddress, xAddressToClassicAddress } from 'ripple-address-codec'

export interface XrpAddress {
  classic: string
  /** The destination tag an X-address carries, if any. */
  tag: number | false
}

/**
 * An XRP Ledger destination: a classic r… address (base58check with XRPL's alphabet) or a
 * mainnet X-address (XLS-5d), which packs the destination tag into the address. Decoded by
 * ripple-address-codec, the XRPL Foundation's own codec; test-network X-addresses are refused.
 */
export function parseXrpAddress(address: string): XrpAddress | undefined {
  try {
    if (isValidClassicAddress(address)) return { classic: address, tag: false }
    if (isValidXAddress(address)) {
      const x = xAddressToClassicAddress(address)
      return x.test ? undefined : { classic: x.classicAddress, tag: x.tag }
    }
  } catch {
    return undefined
  }
  return undefined
}

export function isValidXrpAddress(address: string): boolean {
  return parseXrpAddress(address) !== undefined
}
