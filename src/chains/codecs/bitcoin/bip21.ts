/**
 * BIP21 payment URIs (https://github.com/bitcoin/bips/blob/master/bip-0021.mediawiki), the
 * text behind the QR code on a Bitcoin or Litecoin checkout. Litecoin wallets read the same
 * format under the "litecoin:" scheme.
 */
import { parseAmount } from '../../../money/index.js'
import { isValidBitcoinLikeAddress } from './bitcoin-address.js'
import type { BitcoinLikeNetworkName } from './bitcoin-networks.js'

export type Bip21Scheme = 'bitcoin' | 'litecoin'

// The scheme names the coin, not the network: "bitcoin:" is used for mainnet, testnet and
// regtest alike, so an address is accepted if any network of the coin knows it.
const SCHEME_NETWORKS: Readonly<Record<Bip21Scheme, readonly BitcoinLikeNetworkName[]>> = {
  bitcoin: ['bitcoin', 'testnet', 'regtest'],
  litecoin: ['litecoin', 'litecoin-testnet', 'litecoin-regtest'],
}

// Both coins count in 1e-8 units (satoshi, litoshi); a ninth digit cannot be paid exactly.
const COIN_DECIMALS = 8

/**
 * `scheme:address[?amount=…][&label=…]`.
 *
 * `amount` is whole coins as plain decimal text ("0.05000000", "20.3"): BIP21 forbids commas
 * and the money module's parser also refuses signs, exponents and more than 8 significant
 * fraction digits. It is copied as given, so the digits the customer sees are the digits
 * Kassa matches. `label` is UTF-8 percent-encoded (space becomes %20, never "+", which BIP21
 * readers would show literally); an empty label is left out.
 *
 * Throws a TypeError for an address that is invalid on every network of the scheme and a
 * RangeError for a malformed amount: a QR code that cannot be paid, or pays the wrong sum, is
 * worse than a failed request. Note that BIP21's own example address
 * 175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W fails its Base58Check checksum and is refused.
 */
export function bip21Uri(scheme: Bip21Scheme, address: string, amount?: string, label?: string): string {
  if (!Object.hasOwn(SCHEME_NETWORKS, scheme)) throw new TypeError(`Unknown BIP21 scheme: ${String(scheme)}`)
  const networks = SCHEME_NETWORKS[scheme]
  if (!networks.some((network) => isValidBitcoinLikeAddress(address, network))) {
    throw new TypeError(`Not a ${scheme} address: ${address}`)
  }

  const params: string[] = []
  if (amount !== undefined) {
    if (!parseAmount(amount, COIN_DECIMALS).ok) throw new RangeError(`Not a ${scheme} amount: ${amount}`)
    params.push(`amount=${amount}`)
  }
  // encodeURIComponent leaves only unreserved characters and !'()*, all legal in an RFC 3986
  // query, and escapes "&" and "=", which BIP21 uses as separators.
  if (label !== undefined && label !== '') params.push(`label=${encodeURIComponent(label)}`)

  return params.length === 0 ? `${scheme}:${address}` : `${scheme}:${address}?${params.join('&')}`
}
