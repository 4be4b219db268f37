/**
 * Address encoding and validation for Bitcoin and Litecoin. Checksums, bech32/bech32m variants
 * and version bytes are left to bitcoinjs-lib; this file only decides which address types Kassa
 * treats as payable and on which network.
 */
import { bech32 } from 'bech32'
import { address as bitcoinAddress } from 'bitcoinjs-lib'
import { bitcoinLikeNetwork, type BitcoinLikeNetworkName } from './bitcoin-networks.js'

/** The standard output types an address can stand for. */
export type BitcoinLikeAddressType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr'

/**
 * The native segwit v0 (P2WPKH) address for a 20-byte HASH160 of a compressed public key.
 * Throws a TypeError for any other length: a wrong-length hash is a derivation bug, and
 * encoding it anyway would hand a customer an address nobody can spend from.
 */
export function p2wpkhAddressFromHash(hash20: Uint8Array, network: BitcoinLikeNetworkName): string {
  if (!(hash20 instanceof Uint8Array) || hash20.length !== 20) {
    throw new TypeError('A P2WPKH hash must be 20 bytes')
  }
  // BIP173: witness version 0 then the program in 5-bit words, bech32 (not bech32m) for v0.
  // Encoded directly with the bech32 package bitcoinjs-lib itself uses: bitcoinjs' payments
  // builder validates its input through a schema library at a cost that showed in the payment
  // create profile (docs/PERFORMANCE.md). The BIP173 vectors in the tests pin the result.
  return bech32.encode(bitcoinLikeNetwork(network).bech32, [0, ...bech32.toWords(hash20)])
}

/**
 * Which standard address type `address` is on `network`, or undefined when it is not a valid
 * address there. Accepts P2PKH, P2SH, P2WPKH, P2WSH and P2TR; refuses another network's
 * address, a bad checksum, bech32 where bech32m is required (and the reverse, per BIP350),
 * mixed-case bech32 (BIP173), and segwit versions 2–16. All-uppercase bech32 is accepted, as
 * BIP173 requires, because QR codes encode it more compactly.
 */
export function bitcoinLikeAddressType(address: string, network: BitcoinLikeNetworkName): BitcoinLikeAddressType | undefined {
  if (typeof address !== 'string') return undefined
  const params = bitcoinLikeNetwork(network)

  const segwit = decodeSegwit(address)
  if (segwit !== undefined) {
    if (segwit.prefix !== params.bech32) return undefined
    // Taproot is decided here rather than by toOutputScript: bitcoinjs-lib checks that the key
    // is on the curve and throws "No ECC Library provided" unless a secp256k1 backend was
    // registered process-wide. Validity of the address string is its encoding alone (BIP350's
    // vectors; Bitcoin Core's validateaddress agrees), and Kassa never spends from these keys.
    if (segwit.version === 1) return segwit.data.length === 32 ? 'p2tr' : undefined
    // Versions 2–16 are valid encodings with no defined spending rules yet. Paying to one
    // burns the coins today, so they are not an address a merchant or customer should use.
    // Returning here also keeps bitcoinjs-lib from printing its future-segwit warning.
    if (segwit.version !== 0) return undefined
    // Version 0 decoded as bech32 (fromBech32 refuses bech32m for it): the program's length
    // alone names the type, as toOutputScript would. Decided here because toOutputScript
    // first tries Base58Check and throws, then validates through a schema library: profiled
    // at ~60 µs of every payment page, whose QR code URI checks the address.
    return segwit.data.length === 20 ? 'p2wpkh' : segwit.data.length === 32 ? 'p2wsh' : undefined
  }

  let script: Uint8Array
  try {
    script = bitcoinAddress.toOutputScript(address, params)
  } catch {
    return undefined
  }
  return scriptType(script)
}

/** True when `address` is a payable standard address on `network`; see bitcoinLikeAddressType. */
export function isValidBitcoinLikeAddress(address: string, network: BitcoinLikeNetworkName): boolean {
  return bitcoinLikeAddressType(address, network) !== undefined
}

function decodeSegwit(address: string): ReturnType<typeof bitcoinAddress.fromBech32> | undefined {
  try {
    return bitcoinAddress.fromBech32(address)
  } catch {
    return undefined
  }
}

// For base58 and segwit v0 addresses toOutputScript builds one of these four templates (taproot
// and later versions never reach it), so the first opcode and the length identify the type.
function scriptType(script: Uint8Array): BitcoinLikeAddressType | undefined {
  if (script.length === 25 && script[0] === 0x76) return 'p2pkh'
  if (script.length === 23 && script[0] === 0xa9) return 'p2sh'
  if (script.length === 22 && script[0] === 0x00) return 'p2wpkh'
  if (script.length === 34 && script[0] === 0x00) return 'p2wsh'
  return undefined
}
