import {
  classicAddressToXAddress,
  encodeAccountID,
  isValidClassicAddress,
  isValidXAddress,
  xAddressToClassicAddress,
} from 'ripple-address-codec'

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

/**
 * The test-network X-address (T…, XLS-5d's test flag) of a 20-byte account id, without a tag:
 * XRP's only address format that says "test network", so a mainnet wallet refuses it.
 */
export function xrpTestAddressFromHash(hash20: Uint8Array): string {
  if (hash20.length !== 20) throw new TypeError('An XRP account id must be 20 bytes')
  return classicAddressToXAddress(encodeAccountID(hash20), false, true)
}

/** A test-network X-address without a tag (what xrpTestAddressFromHash makes). */
export function isValidXrpTestAddress(address: string): boolean {
  try {
    if (!isValidXAddress(address)) return false
    const x = xAddressToClassicAddress(address)
    return x.test && x.tag === false
  } catch {
    return false
  }
}
