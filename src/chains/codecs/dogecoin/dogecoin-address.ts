import bs58check from 'bs58check'
import { address as bitcoinAddress } from 'bitcoinjs-lib'
import type { Network } from 'bitcoinjs-lib'

export type DogecoinNetworkName = 'dogecoin' | 'dogecoin-testnet'

/**
 * Dogecoin's base58 prefixes (Dogecoin Core chainparams.cpp): mainnet PUBKEY_ADDRESS 30 → D…,
 * SCRIPT_ADDRESS 22 → 9…/A…; testnet PUBKEY_ADDRESS 113 → n…, SCRIPT_ADDRESS 196 → 2….
 * Dogecoin has no segwit, so bech32 is set to a prefix no address uses and bitcoinjs-lib
 * refuses every bech32 string.
 */
const NETWORKS: Readonly<Record<DogecoinNetworkName, Readonly<Network>>> = {
  dogecoin: Object.freeze({
    messagePrefix: '\x19Dogecoin Signed Message:\n',
    bech32: 'doge-no-segwit',
    bip32: { public: 0x02facafd, private: 0x02fac398 },
    pubKeyHash: 0x1e,
    scriptHash: 0x16,
    wif: 0x9e,
  }),
  'dogecoin-testnet': Object.freeze({
    messagePrefix: '\x19Dogecoin Signed Message:\n',
    bech32: 'doge-no-segwit',
    bip32: { public: 0x043587cf, private: 0x04358394 },
    pubKeyHash: 0x71,
    scriptHash: 0xc4,
    wif: 0xf1,
  }),
}

/** A P2PKH or P2SH Dogecoin address, checked by bitcoinjs-lib with the network's parameters. */
export function isValidDogecoinAddress(address: string, network: DogecoinNetworkName = 'dogecoin'): boolean {
  try {
    bitcoinAddress.fromBase58Check(address)
    bitcoinAddress.toOutputScript(address, NETWORKS[network])
    return true
  } catch {
    return false
  }
}

/** The P2PKH address of a 20-byte HASH160 on `network`; any other length is a derivation bug. */
export function dogecoinAddressFromHash(hash20: Uint8Array, network: DogecoinNetworkName): string {
  if (hash20.length !== 20) throw new TypeError('A Dogecoin P2PKH hash must be 20 bytes')
  return bs58check.encode(Uint8Array.of(NETWORKS[network].pubKeyHash, ...hash20))
}
