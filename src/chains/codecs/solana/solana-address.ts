import { getAddressDecoder, isAddress } from '@solana/addresses'

/** A Solana account address: base58 that decodes to exactly 32 bytes (@solana/addresses). */
export function isValidSolanaAddress(address: string): boolean {
  try {
    return isAddress(address)
  } catch {
    return false
  }
}

/**
 * The base58 address of a 32-byte public key. Solana's devnet and testnet use the mainnet
 * format (there is no test prefix), so a simulated address says "test" only where it is shown.
 */
export function solanaAddressFromHash(hash32: Uint8Array): string {
  if (hash32.length !== 32) throw new TypeError('A Solana address must be 32 bytes')
  return getAddressDecoder().decode(hash32)
}
