import * as z from 'zod'
import { isValidTronAddress } from '../chains/adapters/tron/tron-address.js'
import { parseAmount } from '../money/index.js'
import {
  depositKeysField,
  entryError,
  explorerTxUrlField,
  hotWalletField,
  httpUrl,
  networkName,
  parseNetworkEntries,
  readNetworksFile,
} from './networks-file.js'
import type { DepositKeysConfig, HotWalletConfig } from './networks-file.js'

/**
 * TRON networks (KASSA_TRON_NETWORKS_FILE, a JSON array), one file per family like
 * KASSA_EVM_NETWORKS_FILE: each family's entries have different fields, and a file per family
 * keeps each one's schema and errors short. Keys are sealed with `kassa secret seal`.
 *
 * ```json
 * [{ "name": "mainnet", "chain": "mainnet",
 *    "httpUrl": "https://api.trongrid.io", "jsonRpcUrl": "https://api.trongrid.io/jsonrpc",
 *    "apiKey": "…", "deposits": { "xpub": "xpub6…" }, "hotWallet": { "privateKey": "v1.…" },
 *    "usdt": { "contract": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "decimals": 6 }, "feeLimit": "100" }]
 * ```
 */
export interface TronNetworkConfig {
  /** Network id in the database and logs: `tron-<name>`. */
  network: string
  /** Which TRON chain the node must be: its genesis block id is checked at start. */
  chain: TronChain
  genesisBlockId: string
  /** The node's HTTP API (java-tron's /wallet/… and /walletsolidity/…). */
  httpUrl: string
  /** The node's Ethereum-compatible JSON-RPC (TronGrid: <httpUrl>/jsonrpc). */
  jsonRpcUrl: string
  /** Sent as the TRON-PRO-API-KEY header (TronGrid); absent for a node of one's own. */
  apiKey: string | undefined
  /** Blocks on top of a transfer's block before it counts: TRON's solidified depth, 19 by default. */
  confirmations: number
  /** Where deposit addresses come from (BIP44 m/44'/195'/0'/0/i): an xpub only derives them, a mnemonic can also sweep. */
  deposits: DepositKeysConfig
  /** The operator's wallet that payouts are sent from and sweeps go to; none: no payouts. */
  hotWallet: HotWalletConfig | undefined
  /** USDT-TRC20's contract on this chain; none: TRX only. */
  usdt: { contract: string; decimals: number } | undefined
  /** Most TRX (in sun) a TRC-20 transfer may burn for energy; the node refuses more. */
  feeLimitSun: bigint
  /** How long a signed transaction stays valid; TRON's nodes take at most 24 h, wallets use 60 s. */
  expirationSeconds: number
  /** Where a watcher with no cursor yet begins; default: a little below the tip at its first pass. */
  startBlock: number | undefined
  pollIntervalMs: number
  /** A block explorer's transaction page, `{tx}` for the hash (networks-file.ts). */
  explorerTxUrl?: string | undefined
}

/** The public chains, by the id of their genesis block (what `/wallet/getblockbynum {num: 0}` answers). */
export const TRON_CHAINS = {
  mainnet: '00000000000000001ebf88508a03865c71d452e25f4d51194196a1d22b6653dc',
  nile: '0000000000000000d698d4192c56cb6be724a558448e2684802de4d6cd8690dc',
  shasta: '0000000000000000de1aa88295e1fcf982742f773e0419c5a9c134c994a9059e',
} as const
export type TronChain = keyof typeof TRON_CHAINS | 'private'

const tronAddress = z.string().refine(isValidTronAddress, 'must be a base58 TRON address (T…)')
const trxAmount = z.string().refine((v) => {
  const sun = parseAmount(v, 6)
  return sun.ok && sun.atomic > 0n
}, 'must be a positive TRX amount as a decimal string, at most 6 decimals (e.g. "50")')

const networkSchema = z
  .object({
    name: networkName,
    chain: z.enum(['mainnet', 'nile', 'shasta', 'private']),
    /** Only for `chain: "private"`: a network of one's own has its own genesis. */
    genesisBlockId: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
      .optional(),
    httpUrl,
    jsonRpcUrl: httpUrl,
    apiKey: z.string().min(1).max(200).optional(),
    confirmations: z.number().int().min(1).max(1000).default(19),
    deposits: depositKeysField,
    hotWallet: hotWalletField,
    usdt: z
      .object({ contract: tronAddress, decimals: z.number().int().min(0).max(36) })
      .strict()
      .optional(),
    feeLimit: trxAmount.default('100'),
    expirationSeconds: z.number().int().min(10).max(86_400).default(60),
    startBlock: z.number().int().min(0).optional(),
    pollIntervalMs: z.number().int().min(50).max(600_000).default(250),
    explorerTxUrl: explorerTxUrlField,
  })
  .strict()

export function parseTronNetworks(json: unknown, where: string): TronNetworkConfig[] {
  const entries = parseNetworkEntries(networkSchema, json, where, 'TRON network')
  const seen = new Set<string>()
  return entries.map((n, i) => {
    const fail = (msg: string): never => {
      throw entryError('TRON network', where, i, msg)
    }
    if (seen.has(n.name)) fail(`network name "${n.name}" appears twice`)
    seen.add(n.name)
    if (n.chain === 'private' && !n.genesisBlockId) fail('chain "private" needs genesisBlockId (the id of its block 0)')
    if (n.chain !== 'private' && n.genesisBlockId) fail(`genesisBlockId is known for chain "${n.chain}"; set it only for "private"`)
    if (n.usdt && n.usdt.decimals !== 6) fail(`usdt.decimals: USDT_TRC20 has 6 decimals in Kassa; the config says ${n.usdt.decimals}`)
    return {
      network: `tron-${n.name}`,
      chain: n.chain,
      genesisBlockId: n.chain === 'private' ? n.genesisBlockId! : TRON_CHAINS[n.chain],
      httpUrl: n.httpUrl.replace(/\/+$/, ''),
      jsonRpcUrl: n.jsonRpcUrl,
      apiKey: n.apiKey,
      confirmations: n.confirmations,
      deposits: n.deposits,
      hotWallet: n.hotWallet,
      usdt: n.usdt,
      feeLimitSun: sunOf(n.feeLimit),
      expirationSeconds: n.expirationSeconds,
      startBlock: n.startBlock,
      pollIntervalMs: n.pollIntervalMs,
      ...(n.explorerTxUrl !== undefined && { explorerTxUrl: n.explorerTxUrl }),
    }
  })
}

export function loadTronNetworksFile(file: string): TronNetworkConfig[] {
  return parseTronNetworks(readNetworksFile('KASSA_TRON_NETWORKS_FILE', file), file)
}

function sunOf(trx: string): bigint {
  const r = parseAmount(trx, 6)
  if (!r.ok) throw new Error(`not a TRX amount: ${trx}`) // refused by the schema before this
  return r.atomic
}
