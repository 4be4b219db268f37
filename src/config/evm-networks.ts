import * as z from 'zod'
import { isValidEvmAddress } from '../chains/adapters/evm/evm-address.js'
import { CURRENCIES, isCurrencyCode } from '../money/index.js'
import type { CurrencyCode } from '../money/index.js'
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
 * EVM networks (KASSA_EVM_NETWORKS_FILE, a JSON array). Each entry is one chain Kassa follows
 * with a real node. Keys are never in the file in clear: `mnemonic` and `privateKey` hold text
 * sealed with the master key by `kassa secret seal`, so a copied config file pays nobody.
 *
 * ```json
 * [{ "name": "mainnet", "chainId": 1, "rpcUrl": "http://127.0.0.1:8545",
 *    "deposits": { "xpub": "xpub6C…" },
 *    "hotWallet": { "privateKey": "v1.…" },
 *    "tokens": [{ "currency": "USDT_ERC20", "contract": "0xdAC1…1ec7", "decimals": 6 }] }]
 * ```
 */
export interface EvmNetworkConfig {
  /** Network id in the database and logs: `evm-<name>`. */
  network: string
  chainId: number
  rpcUrl: string
  /** Overrides the currencies' default confirmation counts (ETH and ERC-20: 12). */
  confirmations: number | undefined
  nativeCurrency: CurrencyCode
  /** Where deposit addresses come from (BIP44 m/44'/60'/0'/0/i): an xpub only derives them, a mnemonic can also sweep. */
  deposits: DepositKeysConfig
  /** The operator's wallet that payouts are sent from and sweeps go to; none: no payouts. */
  hotWallet: HotWalletConfig | undefined
  tokens: EvmTokenConfig[]
  /** Blocks fetched together while catching up: their bodies in small JSON-RPC batches, their logs in one eth_getLogs (split if refused). */
  logChunkBlocks: number
  /** How often the watcher asks for new blocks; short, so a mined payment shows within a second. */
  pollIntervalMs: number
  /** A block explorer's transaction page, `{tx}` for the hash (networks-file.ts). */
  explorerTxUrl?: string | undefined
}

export interface EvmTokenConfig {
  currency: CurrencyCode
  contract: string
  decimals: number
}

const currency = z.string().refine(isCurrencyCode, 'is not a Kassa currency code')

const networkSchema = z
  .object({
    name: networkName,
    chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    rpcUrl: httpUrl,
    confirmations: z.number().int().min(1).max(1000).optional(),
    nativeCurrency: currency.default('ETH'),
    deposits: depositKeysField,
    hotWallet: hotWalletField,
    tokens: z
      .array(
        z
          .object({
            currency,
            contract: z.string().refine(isValidEvmAddress, 'must be an EVM address (checksummed if mixed case)'),
            decimals: z.number().int().min(0).max(36),
          })
          .strict(),
      )
      .default([]),
    logChunkBlocks: z.number().int().min(1).max(1000).default(25),
    pollIntervalMs: z.number().int().min(50).max(600_000).default(250),
    explorerTxUrl: explorerTxUrlField,
  })
  .strict()

export function parseEvmNetworks(json: unknown, where: string): EvmNetworkConfig[] {
  const entries = parseNetworkEntries(networkSchema, json, where, 'EVM network')
  const seen = new Set<string>()
  return entries.map((n, i) => {
    const fail = (msg: string) => {
      throw entryError('EVM network', where, i, msg)
    }
    if (seen.has(n.name)) fail(`network name "${n.name}" appears twice`)
    seen.add(n.name)
    const native = CURRENCIES[n.nativeCurrency as CurrencyCode]
    if (native.network !== 'ethereum' || native.token) fail(`nativeCurrency ${n.nativeCurrency} is not an EVM chain's coin`)
    for (const t of n.tokens) {
      const info = CURRENCIES[t.currency as CurrencyCode]
      if (info.network !== 'ethereum' || !info.token) fail(`${t.currency} is not an ERC-20 currency`)
      if (info.decimals !== t.decimals) fail(`${t.currency} has ${info.decimals} decimals in Kassa; the config says ${t.decimals}`)
    }
    if (new Set(n.tokens.map((t) => t.currency)).size !== n.tokens.length) fail('a token currency appears twice')
    return {
      network: `evm-${n.name}`,
      chainId: n.chainId,
      rpcUrl: n.rpcUrl,
      confirmations: n.confirmations,
      nativeCurrency: n.nativeCurrency as CurrencyCode,
      deposits: n.deposits,
      hotWallet: n.hotWallet,
      tokens: n.tokens.map((t) => ({ currency: t.currency as CurrencyCode, contract: t.contract, decimals: t.decimals })),
      logChunkBlocks: n.logChunkBlocks,
      pollIntervalMs: n.pollIntervalMs,
      ...(n.explorerTxUrl !== undefined && { explorerTxUrl: n.explorerTxUrl }),
    }
  })
}

export function loadEvmNetworksFile(file: string): EvmNetworkConfig[] {
  return parseEvmNetworks(readNetworksFile('KASSA_EVM_NETWORKS_FILE', file), file)
}
