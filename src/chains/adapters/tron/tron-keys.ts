import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak_256 } from '@noble/hashes/sha3'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { HdDepositAccount } from '../../hd-deposit-account.js'
import { tronAddressFromHash } from './tron-address.js'

/**
 * BIP44 account path for TRON (SLIP-44 coin type 195): deposit address i is `m/44'/195'/0'/0/i`,
 * the path TronLink, Trust Wallet and Ledger use for their first account, so a merchant or
 * operator can open the same addresses in any of them from the same mnemonic.
 */
export const TRON_ACCOUNT_PATH = "m/44'/195'/0'"

export class TronKeyError extends Error {}

/** The keys behind deposit addresses: an xpub derives addresses only; a mnemonic can also sign (sweeps). */
export class TronDepositKeys {
  readonly #hd: HdDepositAccount<string>

  private constructor(account: HDKey) {
    this.#hd = new HdDepositAccount(account, tronAddressOfPublicKey, TronKeyError)
  }

  /** From the account-level extended public key (the key at m/44'/195'/0', as wallets export it). */
  static fromXpub(xpub: string): TronDepositKeys {
    try {
      return new TronDepositKeys(HDKey.fromExtendedKey(xpub.trim()))
    } catch (err) {
      throw new TronKeyError(`not a valid extended public key: ${(err as Error).message}`)
    }
  }

  static fromMnemonic(mnemonic: string): TronDepositKeys {
    return new TronDepositKeys(accountFromMnemonic(mnemonic))
  }

  get canSign(): boolean {
    return this.#hd.canSign
  }

  /** The base58 ("T…") address of deposit address `index`. */
  address(index: number): string {
    return this.#hd.address(index)
  }

  /** The 32-byte private key of deposit address `index`; only with a mnemonic. */
  privateKey(index: number): Uint8Array {
    return this.#hd.privateKey(index)
  }
}

/** The hot wallet's key from a raw private key (hex, with or without 0x) or a mnemonic (its first address, m/44'/195'/0'/0/0). */
export function tronHotWalletKey(source: { privateKey: string } | { mnemonic: string }): Uint8Array {
  if ('privateKey' in source) {
    const hex = source.privateKey.trim().replace(/^0x/i, '')
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new TronKeyError('hot wallet private key must be 32 bytes of hex')
    const key = Uint8Array.from(Buffer.from(hex, 'hex'))
    // Zero and values at or above the curve order are 32 bytes of hex but no key: refuse them here
    // rather than at the first sweep.
    if (!secp256k1.utils.isValidPrivateKey(key)) throw new TronKeyError('hot wallet private key is not a valid secp256k1 key')
    return key
  }
  return Uint8Array.from(accountFromMnemonic(source.mnemonic).deriveChild(0).deriveChild(0).privateKey!)
}

/** The base58 ("T…") address of a 32-byte private key. */
export function tronAddressOfPrivateKey(key: Uint8Array): string {
  if (!(key instanceof Uint8Array) || key.length !== 32 || !secp256k1.utils.isValidPrivateKey(key)) {
    throw new TronKeyError('a TRON private key is 32 bytes, a valid secp256k1 scalar')
  }
  return tronAddressOfPublicKey(secp256k1.getPublicKey(key, true))
}

function accountFromMnemonic(mnemonic: string): HDKey {
  const words = mnemonic.trim().split(/\s+/).join(' ')
  if (!validateMnemonic(words, wordlist)) throw new TronKeyError('not a valid BIP39 mnemonic (English word list, valid checksum)')
  return HDKey.fromMasterSeed(mnemonicToSeedSync(words)).derive(TRON_ACCOUNT_PATH)
}

/**
 * The base58 address of a secp256k1 public key (compressed or not): keccak256 of the uncompressed
 * key without its 0x04 prefix, whose last 20 bytes are the account hash exactly as on Ethereum;
 * TRON only changes the encoding (0x41 prefix, Base58Check).
 */
export function tronAddressOfPublicKey(publicKey: Uint8Array): string {
  const uncompressed = secp256k1.ProjectivePoint.fromHex(publicKey).toRawBytes(false)
  return tronAddressFromHash(keccak_256(uncompressed.subarray(1)).subarray(12))
}
