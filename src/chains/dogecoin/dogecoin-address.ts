import { address as bitcoinAddress } from 'bitcoinjs-lib'
import type { Network } from 'bitcoinjs-lib'

/**
 * Dogecoin mainnet's base58 prefixes (Dogecoin Core chainparams.cpp: PUBKEY_ADDRESS 30 → D…,
 * SCRIPT_ADDRESS 22 → 9…/A…). Dogecoin has no segwit, so bech32 is set to a prefix no address
 * uses and bitcoinjs-lib refuses every bech32 string.
 */
const DOGECOIN: Readonly<Network> = Object.freeze({
  messagePrefix: '\x19Dogecoin Signed Message:\n',
  bech32: 'doge-no-segwit',
  bip32: { public: 0x02facafd, private: 0x02fac398 },
  pubKeyHash: 0x1e,
  scriptHash: 0x16,
  wif: 0x9e,
})

/** A P2PKH or P2SH Dogecoin address, checked by bitcoinjs-lib with Dogecoin's parameters. */
export function isValidDogecoinAddress(address: string): boolean {
  try {
    bitcoinAddress.fromBase58Check(address)
    bitcoinAddress.toOutputScript(address, DOGECOIN)
    return true
  } catch {
    return false
  }
}
