import { isAddress } from '@solana/addresses'

/** A Solana account address: base58 that decodes to exactly 32 bytes (@solana/addresses). */
export function isValidSolanaAddress(address: string): boolean {
  try {
    return isAddress(address)
  } catch {
    return false
  }
}
