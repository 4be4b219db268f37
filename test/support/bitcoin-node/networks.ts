import { networks } from 'bitcoinjs-lib'
import type { Network } from 'bitcoinjs-lib'
import type { Coin } from './binaries.js'

/** Bitcoin regtest as Bitcoin Core and btcd both encode it: bech32 `bcrt`, P2PKH 0x6f, P2SH 0xc4. */
export const BTC_REGTEST: Network = networks.regtest

/**
 * Litecoin regtest as Litecoin Core (chainparams.cpp CRegTestParams) encodes it, which is what
 * Kassa hands out: bech32 `rltc`, P2PKH 0x6f, P2SH 0x3a. ltcd 2019 does NOT use these: its
 * chaincfg RegressionNetParams copies Bitcoin's (`bcrt`, 0xc4), see LTCD_REGTEST_NODE_ADDRESSES.
 */
export const LTC_REGTEST: Network = {
  messagePrefix: '\x19Litecoin Signed Message:\n',
  bech32: 'rltc',
  bip32: { public: 0x043587cf, private: 0x04358394 },
  pubKeyHash: 0x6f,
  scriptHash: 0x3a,
  wif: 0xef,
}

/**
 * The address encoding ltcd's own RPC speaks on regtest (--miningaddr, the `addresses` of a
 * verbose transaction): Bitcoin's regtest one. Same scripts as LTC_REGTEST, other strings.
 */
export const LTCD_REGTEST_NODE_ADDRESSES: Network = { ...networks.regtest, messagePrefix: LTC_REGTEST.messagePrefix }

/** `getblockhash 0` on each node (checked by the tests against the running binaries). */
export const REGTEST_GENESIS_HASH: Record<Coin, string> = {
  BTC: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
  LTC: '530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9',
}

/** Kassa's view of each coin's addresses (what a deposit address looks like). */
export const REGTEST_NETWORK: Record<Coin, Network> = { BTC: BTC_REGTEST, LTC: LTC_REGTEST }

/** The encoding each node's RPC accepts and prints. */
export const NODE_ADDRESS_NETWORK: Record<Coin, Network> = { BTC: BTC_REGTEST, LTC: LTCD_REGTEST_NODE_ADDRESSES }
