/**
 * TRON's transaction signature: secp256k1 over txID = sha256(raw_data), 65 bytes r‖s‖v with
 * v = 0/1 (wallets also send 27/28). The signer's address is 0x41 ‖ the last 20 bytes of
 * keccak-256 of the uncompressed public key, as for Ethereum.
 */
import { secp256k1 } from '@noble/curves/secp256k1'
import { sha256 } from '@noble/hashes/sha2'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, concatBytes, hexToBytes } from './bytes.js'

export function addressOfPublicKey(uncompressed: Uint8Array): string {
  return `41${bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12))}`
}

export function addressOfPrivateKey(key: Uint8Array): string {
  return addressOfPublicKey(secp256k1.getPublicKey(key, false))
}

/**
 * The address that made `signature` over `txid`, or undefined when it is not a recoverable
 * signature. Like java-tron, only the first 65 bytes count: mainnet blocks hold signatures a
 * wallet padded to 68 bytes (recorded block 61132092).
 */
export function recoverSigner(txid: string, signature: Uint8Array): string | undefined {
  if (signature.length < 65) return undefined
  let v = signature[64]!
  if (v >= 27) v -= 27
  if (v !== 0 && v !== 1) return undefined
  try {
    const sig = secp256k1.Signature.fromCompact(signature.subarray(0, 64)).addRecoveryBit(v)
    return addressOfPublicKey(sig.recoverPublicKey(hexToBytes(txid)).toRawBytes(false))
  } catch {
    return undefined
  }
}

/** r‖s‖v with v = 0/1, as java-tron's own wallet signs. */
export function signTxid(txid: string, key: Uint8Array): Uint8Array {
  const sig = secp256k1.sign(hexToBytes(txid), key)
  return concatBytes(sig.toCompactRawBytes(), Uint8Array.of(sig.recovery))
}

/** A private key derived from a label, so the double's strangers are the same on every run. */
export function labelledKey(label: string): Uint8Array {
  return sha256(new TextEncoder().encode(`kassa tron-node double: ${label}`))
}
