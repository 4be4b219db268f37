/**
 * TRON address encoding and validation. A TRON address is Base58Check of the byte 0x41
 * followed by the same 20-byte account hash an EVM address uses, which is why every mainnet
 * address starts with "T". The hex form ("41…") is what TRON's HTTP API and protobufs carry.
 */
import bs58check from 'bs58check'

// The single address version byte TRON defines for mainnet and its testnets (Shasta, Nile).
const TRON_ADDRESS_PREFIX = 0x41

/**
 * The base58 address for a 20-byte account hash. Throws a TypeError for any other length:
 * a wrong-length hash is a derivation bug, and encoding it would name nobody's account.
 */
export function tronAddressFromHash(hash20: Uint8Array): string {
  if (!(hash20 instanceof Uint8Array) || hash20.length !== 20) {
    throw new TypeError('A TRON address hash must be 20 bytes')
  }
  const payload = new Uint8Array(21)
  payload[0] = TRON_ADDRESS_PREFIX
  payload.set(hash20, 1)
  return bs58check.encode(payload)
}

/**
 * True when `address` is a base58 TRON address: a valid Base58Check checksum over 21 bytes
 * starting with 0x41. Base58 is case-sensitive, so there is no case folding; the hex form is
 * refused because customers and merchants only ever see the base58 one.
 */
export function isValidTronAddress(address: string): boolean {
  return decodeTronAddress(address) !== undefined
}

/**
 * The 21-byte hex form ("41" + 40 hex digits, lowercase, no "0x") of a base58 address, as
 * TRON's HTTP API takes it with `visible: false`. Throws a TypeError for an invalid address.
 */
export function tronAddressToHex(address: string): string {
  const payload = decodeTronAddress(address)
  if (payload === undefined) throw new TypeError(`Not a TRON address: ${String(address)}`)
  return Buffer.from(payload).toString('hex')
}

function decodeTronAddress(address: string): Uint8Array | undefined {
  if (typeof address !== 'string') return undefined
  let payload: Uint8Array
  try {
    payload = bs58check.decode(address)
  } catch {
    return undefined
  }
  // A Bitcoin address is also valid Base58Check of 21 bytes; only the version byte tells
  // them apart.
  if (payload.length !== 21 || payload[0] !== TRON_ADDRESS_PREFIX) return undefined
  return payload
}
