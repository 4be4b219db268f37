import { isAbsolute } from 'node:path'
import * as z from 'zod'
import { parseAmount } from '../money/index.js'
import {
  entryError,
  explorerTxUrlField,
  hotWalletField,
  httpUrl,
  networkName,
  parseNetworkEntries,
  readNetworksFile,
  sealedSecret,
} from './networks-file.js'
import type { HotWalletConfig } from './networks-file.js'

/**
 * Bitcoin and Litecoin networks (KASSA_BITCOIN_NETWORKS_FILE, a JSON array): a node with a
 * Bitcoin Core-compatible JSON-RPC (Bitcoin Core, Litecoin Core, btcd, ltcd), the chain it must
 * be on, where deposit addresses come from and the hot wallet that pays. docs/BITCOIN.md.
 *
 * ```json
 * [{ "name": "mainnet", "coin": "BTC", "chain": "mainnet",
 *    "rpcUrl": "http://127.0.0.1:8332", "cookieFile": "/var/lib/bitcoind/.cookie",
 *    "deposits": { "xpub": "zpub6…" }, "hotWallet": { "privateKey": "v1.…" },
 *    "fees": { "minRate": "2", "maxRate": "200", "confTarget": 6 } }]
 * ```
 */
export interface BitcoinNetworkConfig {
  /** Network id in the database and logs: `bitcoin-<name>` or `litecoin-<name>`. */
  network: string
  coin: BitcoinCoin
  chain: BitcoinChain
  rpcUrl: string
  /** Bitcoin Core's cookie file (read anew when the node restarts), or a user and a sealed password. */
  auth: { cookieFile: string } | { user: string; passwordSealed: string }
  /** Blocks on top of a payment's block before it counts (default BTC 2, LTC 6: DESIGN.md). */
  confirmations: number
  deposits: BitcoinDepositKeysConfig
  /** Unused addresses a wallet restored from the xpub looks ahead; Kassa warns before handing out more in a row. */
  gapLimit: number
  hotWallet: HotWalletConfig | undefined
  fees: BitcoinFeePolicy
  /** Where a watcher with no cursor yet begins; default: a few blocks below the tip at its first pass. */
  startBlock: number | undefined
  pollIntervalMs: number
  /** A block explorer's transaction page, `{tx}` for the hash (networks-file.ts). */
  explorerTxUrl?: string | undefined
}

export type BitcoinCoin = 'BTC' | 'LTC'
export type BitcoinChain = 'mainnet' | 'testnet' | 'signet' | 'regtest'

/**
 * The deposit account: an extended public key (xpub/ypub/zpub and their testnet and Litecoin
 * forms; its version bytes say the address type unless `addressType` overrides) or a sealed
 * mnemonic (BIP84 by default), which can also sign sweeps.
 */
export type BitcoinDepositKeysConfig = ({ xpub: string } | { mnemonicSealed: string }) & {
  /** BIP44 P2PKH, BIP49 P2SH-P2WPKH or BIP84 P2WPKH; undefined: from the key's version (mnemonic: p2wpkh). */
  addressType: BitcoinAddressKind | undefined
}
export type BitcoinAddressKind = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh'

/** Fee rates in satoshi (litoshi) per virtual byte. */
export interface BitcoinFeePolicy {
  /** Blocks `estimatesmartfee` aims for. */
  confTarget: number
  /** Never below this (and the rate used when the node has no estimate: a new regtest, btcd without data). */
  minRate: bigint
  /** Never above: a payout the estimate prices higher waits with that reason. */
  maxRate: bigint
}

const satPerVbyte = z.string().refine((v) => {
  const r = parseAmount(v, 0)
  return r.ok && r.atomic >= 1n && r.atomic <= 100_000n
}, 'must be a whole number of sat/vB from 1 to 100000, as a string (e.g. "2")')

const extendedKey = z.string().regex(/^[a-zA-Z]{4}[1-9A-HJ-NP-Za-km-z]{100,120}$/, 'must be an extended public key (xpub…, zpub…, vpub…)')
const addressType = z.enum(['p2pkh', 'p2sh-p2wpkh', 'p2wpkh']).optional()

const depositsField = z
  .union([z.object({ xpub: extendedKey, addressType }).strict(), z.object({ mnemonic: sealedSecret, addressType }).strict()])
  .transform(
    (d): BitcoinDepositKeysConfig =>
      'xpub' in d ? { xpub: d.xpub, addressType: d.addressType } : { mnemonicSealed: d.mnemonic, addressType: d.addressType },
  )

const networkSchema = z
  .object({
    name: networkName,
    coin: z.enum(['BTC', 'LTC']),
    chain: z.enum(['mainnet', 'testnet', 'signet', 'regtest']),
    rpcUrl: httpUrl,
    cookieFile: z.string().min(1).max(4096).optional(),
    rpcUser: z.string().min(1).max(200).optional(),
    rpcPassword: sealedSecret.optional(),
    confirmations: z.number().int().min(1).max(1000).optional(),
    deposits: depositsField,
    gapLimit: z.number().int().min(1).max(100_000).default(20),
    hotWallet: hotWalletField,
    fees: z
      .object({
        confTarget: z.number().int().min(1).max(1008).default(6),
        minRate: satPerVbyte.default('1'),
        maxRate: satPerVbyte.default('500'),
      })
      .strict()
      .default({ confTarget: 6, minRate: '1', maxRate: '500' }),
    startBlock: z.number().int().min(0).optional(),
    pollIntervalMs: z.number().int().min(50).max(600_000).default(500),
    explorerTxUrl: explorerTxUrlField,
  })
  .strict()

const DEFAULT_CONFIRMATIONS: Record<BitcoinCoin, number> = { BTC: 2, LTC: 6 }

export function parseBitcoinNetworks(json: unknown, where: string): BitcoinNetworkConfig[] {
  const entries = parseNetworkEntries(networkSchema, json, where, 'Bitcoin network')
  const seen = new Set<string>()
  return entries.map((n, i) => {
    const fail = (msg: string): never => {
      throw entryError('Bitcoin network', where, i, msg)
    }
    const network = `${n.coin === 'BTC' ? 'bitcoin' : 'litecoin'}-${n.name}`
    if (seen.has(network)) fail(`network ${network} appears twice`)
    seen.add(network)
    if (n.coin === 'LTC' && n.chain === 'signet') fail('chain "signet" is Bitcoin only; Litecoin has mainnet, testnet and regtest')
    const userAuth = n.rpcUser !== undefined || n.rpcPassword !== undefined
    if (n.cookieFile !== undefined && userAuth) fail('give either cookieFile or rpcUser and rpcPassword, not both')
    if (n.cookieFile === undefined && !(n.rpcUser !== undefined && n.rpcPassword !== undefined))
      fail('the node needs credentials: cookieFile (Bitcoin Core’s .cookie) or rpcUser and rpcPassword (sealed)')
    if (n.cookieFile !== undefined && !isAbsolute(n.cookieFile)) fail('cookieFile must be an absolute path')
    const minRate = BigInt(n.fees.minRate)
    const maxRate = BigInt(n.fees.maxRate)
    if (minRate > maxRate) fail(`fees.minRate (${minRate}) is above fees.maxRate (${maxRate})`)
    return {
      network,
      coin: n.coin,
      chain: n.chain,
      rpcUrl: n.rpcUrl.replace(/\/+$/, ''),
      auth: n.cookieFile !== undefined ? { cookieFile: n.cookieFile } : { user: n.rpcUser!, passwordSealed: n.rpcPassword! },
      confirmations: n.confirmations ?? DEFAULT_CONFIRMATIONS[n.coin],
      deposits: n.deposits,
      gapLimit: n.gapLimit,
      hotWallet: n.hotWallet,
      fees: { confTarget: n.fees.confTarget, minRate, maxRate },
      startBlock: n.startBlock,
      pollIntervalMs: n.pollIntervalMs,
      ...(n.explorerTxUrl !== undefined && { explorerTxUrl: n.explorerTxUrl }),
    }
  })
}

export function loadBitcoinNetworksFile(file: string): BitcoinNetworkConfig[] {
  return parseBitcoinNetworks(readNetworksFile('KASSA_BITCOIN_NETWORKS_FILE', file), file)
}
