import type { BitcoinAddressKind } from '../../../config/bitcoin-networks.js'

/**
 * Virtual sizes (vbytes) a transaction's parts take, for fees before a transaction is signed:
 * signatures are 71–72 bytes DER, so these are the usual upper estimates wallets use.
 */

/** Version, locktime, input and output counts, segwit marker and flag (10.5, rounded up). */
export const TX_OVERHEAD_VBYTES = 11n
/** One spent coin, by the kind of address that holds it. */
export const INPUT_VBYTES: Readonly<Record<BitcoinAddressKind, number>> = { p2wpkh: 68, 'p2sh-p2wpkh': 91, p2pkh: 148 }
/** One output to any standard address, P2WSH and P2TR (43 vbytes) included. */
export const OUTPUT_VBYTES = 43n

/**
 * The smallest output Kassa pays or keeps as change: Bitcoin Core's dust limit for a P2PKH
 * output at its default 3 sat/vB dust relay fee (546 satoshi; P2WPKH's is lower, 294). A
 * smaller output is not relayed by default, so a payout of less is refused when it is asked
 * for (HTTP 400), not when it would be sent.
 */
export const DUST_LIMIT = 546n
