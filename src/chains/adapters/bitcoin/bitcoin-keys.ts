import { secp256k1 } from '@noble/curves/secp256k1'
import { ripemd160 } from '@noble/hashes/ripemd160'
import { sha256 } from '@noble/hashes/sha256'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { address as bitcoinAddress } from 'bitcoinjs-lib'
import bs58check from 'bs58check'
import type { BitcoinAddressKind } from '../../../config/bitcoin-networks.js'
import { p2wpkhAddressFromHash } from '../../codecs/bitcoin/bitcoin-address.js'
import { HdDepositAccount } from '../../hd-deposit-account.js'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../codecs/bitcoin/bitcoin-networks.js'

export class BitcoinKeyError extends Error {}

/** An address Kassa derived, with the output script a block shows it as. */
export interface OwnAddress {
  address: string
  script: Uint8Array
  kind: BitcoinAddressKind
  /** The compressed public key (what a signature is checked against). */
  publicKey: Uint8Array
}

/**
 * SLIP-132 version bytes: the four bytes in front of an extended key say which address type its
 * wallet derives (xpub BIP44, ypub BIP49, zpub BIP84) and on which kind of chain. Litecoin's own
 * Ltub/Mtub are listed too; Litecoin Core itself exports plain xpub bytes.
 */
const EXTENDED_PUBLIC_VERSIONS: ReadonlyMap<number, { kind: BitcoinAddressKind; testnet: boolean }> = new Map([
  [0x0488b21e, { kind: 'p2pkh', testnet: false }], // xpub
  [0x049d7cb2, { kind: 'p2sh-p2wpkh', testnet: false }], // ypub
  [0x04b24746, { kind: 'p2wpkh', testnet: false }], // zpub
  [0x043587cf, { kind: 'p2pkh', testnet: true }], // tpub
  [0x044a5262, { kind: 'p2sh-p2wpkh', testnet: true }], // upub
  [0x045f1cf6, { kind: 'p2wpkh', testnet: true }], // vpub
  [0x019da462, { kind: 'p2pkh', testnet: false }], // Ltub
  [0x01b26ef6, { kind: 'p2sh-p2wpkh', testnet: false }], // Mtub
  [0x0436f6e1, { kind: 'p2pkh', testnet: true }], // ttub (Litecoin testnet)
])

const PURPOSE: Record<BitcoinAddressKind, number> = { p2pkh: 44, 'p2sh-p2wpkh': 49, p2wpkh: 84 }

/** SLIP-44 coin type: Bitcoin 0, Litecoin 2, every test chain 1. */
export function coinType(network: BitcoinLikeNetworkName): number {
  if (network === 'bitcoin') return 0
  if (network === 'litecoin') return 2
  return 1
}

const isTestChain = (network: BitcoinLikeNetworkName) => network !== 'bitcoin' && network !== 'litecoin'

/**
 * The keys behind deposit addresses: the account key of BIP44/49/84 (`m/purpose'/coin'/0'`),
 * receive chain `/0/i`, exactly what a wallet restored from the same xpub or mnemonic shows,
 * so the merchant can check every payment in Electrum, Sparrow or Electrum-LTC.
 */
export class BitcoinDepositKeys {
  readonly kind: BitcoinAddressKind
  readonly #hd: HdDepositAccount<OwnAddress>

  private constructor(account: HDKey, kind: BitcoinAddressKind, network: BitcoinLikeNetworkName) {
    this.kind = kind
    this.#hd = new HdDepositAccount(account, (publicKey) => ownAddress(publicKey, kind, network), BitcoinKeyError)
  }

  /** From the account-level extended public key; its version bytes give the address type unless `kind` says otherwise. */
  static fromXpub(xpub: string, network: BitcoinLikeNetworkName, kind?: BitcoinAddressKind): BitcoinDepositKeys {
    let payload: Uint8Array
    try {
      payload = bs58check.decode(xpub.trim())
    } catch {
      throw new BitcoinKeyError('not a valid extended public key (bad Base58Check)')
    }
    if (payload.length !== 78) throw new BitcoinKeyError('not a valid extended public key (wrong length)')
    const version = ((payload[0]! << 24) | (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!) >>> 0
    const known = EXTENDED_PUBLIC_VERSIONS.get(version)
    if (!known) throw new BitcoinKeyError(`extended key version 0x${version.toString(16).padStart(8, '0')} is not a public key Kassa knows`)
    if (known.testnet !== isTestChain(network))
      throw new BitcoinKeyError(`this is a ${known.testnet ? 'test-chain' : 'mainnet'} key; the network is ${network}`)
    if (payload[4] !== 3)
      throw new BitcoinKeyError(`give the account key (depth 3, m/purpose'/coin'/0'); this one is at depth ${payload[4]}`)
    let account: HDKey
    try {
      account = HDKey.fromExtendedKey(xpub.trim(), { public: version, private: 0 })
    } catch (err) {
      throw new BitcoinKeyError(`not a valid extended public key: ${(err as Error).message}`)
    }
    return new BitcoinDepositKeys(account, kind ?? known.kind, network)
  }

  static fromMnemonic(mnemonic: string, network: BitcoinLikeNetworkName, kind: BitcoinAddressKind = 'p2wpkh'): BitcoinDepositKeys {
    const path = `m/${PURPOSE[kind]}'/${coinType(network)}'/0'`
    return new BitcoinDepositKeys(seedOf(mnemonic).derive(path), kind, network)
  }

  get canSign(): boolean {
    return this.#hd.canSign
  }

  address(index: number): OwnAddress {
    return this.#hd.address(index)
  }

  /** The 32-byte private key of deposit address `index`; only with a mnemonic. */
  privateKey(index: number): Uint8Array {
    return this.#hd.privateKey(index)
  }
}

/**
 * The hot wallet's key: a raw private key (hex or WIF) or a mnemonic's first BIP84 address.
 * The hot wallet is always native segwit (P2WPKH): the cheapest to spend.
 */
export function bitcoinHotWalletKey(source: { privateKey: string } | { mnemonic: string }, network: BitcoinLikeNetworkName): Uint8Array {
  if ('mnemonic' in source) return Uint8Array.from(seedOf(source.mnemonic).derive(`m/84'/${coinType(network)}'/0'/0/0`).privateKey!)
  const text = source.privateKey.trim().replace(/^0x/i, '')
  let key: Uint8Array
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Uint8Array.from(Buffer.from(text, 'hex'))
  else {
    let wif: Uint8Array
    try {
      wif = bs58check.decode(text)
    } catch {
      throw new BitcoinKeyError('hot wallet private key must be 32 bytes of hex or a WIF key')
    }
    if (wif[0] !== bitcoinLikeNetwork(network).wif || !(wif.length === 33 || (wif.length === 34 && wif[33] === 1)))
      throw new BitcoinKeyError(`hot wallet WIF key is not a compressed ${network} key`)
    key = wif.slice(1, 33)
  }
  if (!secp256k1.utils.isValidPrivateKey(key)) throw new BitcoinKeyError('hot wallet private key is not a valid secp256k1 key')
  return key
}

/** The P2WPKH address of the hot wallet's key. */
export function hotWalletAddress(key: Uint8Array, network: BitcoinLikeNetworkName): OwnAddress {
  return ownAddress(secp256k1.getPublicKey(key, true), 'p2wpkh', network)
}

export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data))
}

function ownAddress(publicKey: Uint8Array, kind: BitcoinAddressKind, network: BitcoinLikeNetworkName): OwnAddress {
  const h = hash160(publicKey)
  const params = bitcoinLikeNetwork(network)
  if (kind === 'p2wpkh') {
    return { address: p2wpkhAddressFromHash(h, network), script: Uint8Array.from([0x00, 0x14, ...h]), kind, publicKey }
  }
  if (kind === 'p2sh-p2wpkh') {
    const redeemHash = hash160(Uint8Array.from([0x00, 0x14, ...h]))
    return {
      address: bitcoinAddress.toBase58Check(redeemHash, params.scriptHash),
      script: Uint8Array.from([0xa9, 0x14, ...redeemHash, 0x87]),
      kind,
      publicKey,
    }
  }
  return {
    address: bitcoinAddress.toBase58Check(h, params.pubKeyHash),
    script: Uint8Array.from([0x76, 0xa9, 0x14, ...h, 0x88, 0xac]),
    kind,
    publicKey,
  }
}

function seedOf(mnemonic: string): HDKey {
  const words = mnemonic.trim().split(/\s+/).join(' ')
  if (!validateMnemonic(words, wordlist)) throw new BitcoinKeyError('not a valid BIP39 mnemonic (English word list, valid checksum)')
  return HDKey.fromMasterSeed(mnemonicToSeedSync(words))
}
