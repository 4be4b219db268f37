import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak_256 } from '@noble/hashes/sha3'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { HdDepositAccount } from '../../hd-deposit-account.js'
import { evmAddressFromHash } from './evm-address.js'

/**
 * BIP44 account path for Ethereum: deposit address i is `m/44'/60'/0'/0/i` (the path every
 * Ethereum wallet uses for its first account), so a merchant or operator can open the same
 * addresses in any wallet from the same mnemonic.
 */
export const EVM_ACCOUNT_PATH = "m/44'/60'/0'"

export class EvmKeyError extends Error {}

/** The keys behind deposit addresses: an xpub derives addresses only; a mnemonic can also sign (sweeps). */
export class EvmDepositKeys {
  readonly #hd: HdDepositAccount<string>

  private constructor(account: HDKey) {
    this.#hd = new HdDepositAccount(account, addressOfPublicKey, EvmKeyError)
  }

  /** From the account-level extended public key (the key at m/44'/60'/0', as wallets export it). */
  static fromXpub(xpub: string): EvmDepositKeys {
    try {
      return new EvmDepositKeys(HDKey.fromExtendedKey(xpub))
    } catch (err) {
      throw new EvmKeyError(`not a valid extended public key: ${(err as Error).message}`)
    }
  }

  static fromMnemonic(mnemonic: string): EvmDepositKeys {
    return new EvmDepositKeys(accountFromMnemonic(mnemonic))
  }

  get canSign(): boolean {
    return this.#hd.canSign
  }

  address(index: number): string {
    return this.#hd.address(index)
  }

  /** 0x-prefixed private key of deposit address `index`; only with a mnemonic. */
  privateKey(index: number): `0x${string}` {
    return `0x${Buffer.from(this.#hd.privateKey(index)).toString('hex')}`
  }
}

/** The hot wallet's key from a raw private key or a mnemonic (its first address, m/44'/60'/0'/0/0). */
export function hotWalletPrivateKey(source: { privateKey: string } | { mnemonic: string }): `0x${string}` {
  if ('privateKey' in source) {
    const hex = source.privateKey.trim().replace(/^0x/, '')
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new EvmKeyError('hot wallet private key must be 32 bytes of hex')
    return `0x${hex.toLowerCase()}`
  }
  const key = accountFromMnemonic(source.mnemonic).deriveChild(0).deriveChild(0).privateKey
  return `0x${Buffer.from(key!).toString('hex')}`
}

/** The EIP-55 address of a private key. */
export function addressOfPrivateKey(privateKey: `0x${string}`): string {
  return addressOfPublicKey(secp256k1.getPublicKey(privateKey.slice(2), true))
}

function accountFromMnemonic(mnemonic: string): HDKey {
  const words = mnemonic.trim().split(/\s+/).join(' ')
  if (!validateMnemonic(words, wordlist)) throw new EvmKeyError('not a valid BIP39 mnemonic (English word list, valid checksum)')
  return HDKey.fromMasterSeed(mnemonicToSeedSync(words)).derive(EVM_ACCOUNT_PATH)
}

/** keccak256 of the uncompressed key without its 0x04 prefix; the address is its last 20 bytes. */
function addressOfPublicKey(compressed: Uint8Array): string {
  const uncompressed = secp256k1.ProjectivePoint.fromHex(compressed).toRawBytes(false)
  return evmAddressFromHash(keccak_256(uncompressed.subarray(1)).subarray(12))
}
