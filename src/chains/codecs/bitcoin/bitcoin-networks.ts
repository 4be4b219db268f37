/**
 * Network parameters for the Bitcoin-like chains Kassa accepts, in the shape bitcoinjs-lib's
 * address and payment functions take. Litecoin is a Bitcoin fork with the same address formats
 * and different version bytes, so one codec serves both once it is given the right table.
 */
import { networks, type Network } from 'bitcoinjs-lib'

export type BitcoinLikeNetworkName = 'bitcoin' | 'testnet' | 'regtest' | 'litecoin' | 'litecoin-testnet' | 'litecoin-regtest'

/** Every name `bitcoinLikeNetwork` accepts, for config validation and test loops. */
export const BITCOIN_LIKE_NETWORK_NAMES: readonly BitcoinLikeNetworkName[] = [
  'bitcoin',
  'testnet',
  'regtest',
  'litecoin',
  'litecoin-testnet',
  'litecoin-regtest',
]

// Frozen copies rather than bitcoinjs-lib's own objects: those are exported mutable, and one
// stray assignment would change address validation for every caller in the process.
function frozen(network: Network): Readonly<Network> {
  return Object.freeze({ ...network, bip32: Object.freeze({ ...network.bip32 }) })
}

/**
 * Litecoin mainnet, from litecoin-project/litecoin `src/chainparams.cpp` (CMainParams).
 *
 * bip32 uses the standard xpub/xprv bytes 0x0488b21e/0x0488ade4, not the SLIP-132 "Ltub/Ltpv"
 * bytes 0x019da462/0x019d9cfe. Litecoin Core itself sets EXT_PUBLIC_KEY/EXT_SECRET_KEY to
 * these, so a key exported from the reference node parses as-is. An "Ltub" key (SLIP-132, as
 * some hardware wallets show it) carries the same payload and needs only its four version bytes
 * swapped when it is imported. Addresses do not depend on this choice at all.
 *
 * scriptHash is 0x32 ("M…"). Litecoin Core also still decodes the legacy 0x05 ("3…") form; we
 * refuse it because a "3…" string is byte-for-byte a Bitcoin P2SH address and cannot be told
 * apart from one pasted into the wrong field.
 */
const litecoin: Readonly<Network> = frozen({
  messagePrefix: '\x19Litecoin Signed Message:\n',
  bech32: 'ltc',
  bip32: { public: 0x0488b21e, private: 0x0488ade4 },
  pubKeyHash: 0x30,
  scriptHash: 0x32,
  wif: 0xb0,
})

/**
 * Litecoin testnet (CTestNetParams in the same file). pubKeyHash 0x6f equals Bitcoin testnet's,
 * so a Bitcoin testnet "m…/n…" address also validates here; the chains share that byte and no
 * codec can separate them. scriptHash is 0x3a ("Q…"), Litecoin Core's SCRIPT_ADDRESS2.
 */
const litecoinTestnet: Readonly<Network> = frozen({
  messagePrefix: '\x19Litecoin Signed Message:\n',
  bech32: 'tltc',
  bip32: { public: 0x043587cf, private: 0x04358394 },
  pubKeyHash: 0x6f,
  scriptHash: 0x3a,
  wif: 0xef,
})

/**
 * Litecoin regtest (CRegTestParams): testnet's version bytes with its own bech32 prefix "rltc",
 * as Litecoin Core and ltcd both use it.
 */
const litecoinRegtest: Readonly<Network> = frozen({ ...litecoinTestnet, bech32: 'rltc' })

const NETWORKS: Readonly<Record<BitcoinLikeNetworkName, Readonly<Network>>> = Object.freeze({
  bitcoin: frozen(networks.bitcoin),
  testnet: frozen(networks.testnet),
  regtest: frozen(networks.regtest),
  litecoin,
  'litecoin-testnet': litecoinTestnet,
  'litecoin-regtest': litecoinRegtest,
})

/**
 * The bitcoinjs-lib parameter table for a network name. Throws a TypeError for an unknown name:
 * names come from typed config, so an unknown one is a programming error, not user input.
 */
export function bitcoinLikeNetwork(name: BitcoinLikeNetworkName): Readonly<Network> {
  if (!Object.hasOwn(NETWORKS, name)) throw new TypeError(`Unknown bitcoin-like network: ${String(name)}`)
  return NETWORKS[name]
}

/** Narrows config text to a network name. */
export function isBitcoinLikeNetworkName(value: string): value is BitcoinLikeNetworkName {
  return Object.hasOwn(NETWORKS, value)
}
