import { randomBytes } from 'node:crypto'
import { HDKey } from '@scure/bip32'
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import type { ChainAdapter } from '../../src/chains/adapter.js'
import { tronAddressFromHash } from '../../src/chains/adapters/tron/tron-address.js'
import { TRON_ACCOUNT_PATH, tronAddressOfPrivateKey } from '../../src/chains/adapters/tron/tron-keys.js'
import { parseTronNetworks } from '../../src/config/tron-networks.js'
import type { ChainWatcher } from '../../src/jobs/workers/chain-watcher.js'
import { SecretBox } from '../../src/security/secret-box.js'
import type { TestDialect } from './databases.js'
import { startTestKassa } from './test-kassa.js'
import type { TestKassa } from './test-kassa.js'
import { USDT_CONTRACTS } from './tron-node/networks.js'
import type { TronNode } from './tron-node/tron-node.js'

/** Bearer token of the operator routes in TRON tests. */
export const OPERATOR_TOKEN = 'operator-token-for-tron-tests-001'

export interface TronTestKassa extends TestKassa {
  network: string
  adapter: ChainAdapter
  watcher: ChainWatcher
  /** Base58 address of the hot wallet. */
  hotWallet: string
  hotKey: Uint8Array
  depositMnemonic: string
  masterKey: string
  /** Base58 address of the node's USDT contract. */
  usdtContract: string
}

export interface TronKassaOptions {
  /** The node's base URL as Kassa reaches it (a TCP proxy in outage tests); default: the node itself. */
  url?: string
  confirmations?: number
  xpubOnly?: boolean
  feeLimit?: string
  /** Reuse keys, e.g. to restart Kassa over the same database. */
  keys?: { masterKey: string; depositMnemonic: string; hotKey: Uint8Array }
  database?: TestKassa['database']
  /** Hot wallet funding set on the node at start (sun / USDT atomic units); default 10,000 TRX and 10,000 USDT. */
  fund?: { trx?: bigint; usdt?: bigint }
}

/** Base58 of the node's USDT contract (hex `41…` in networks.ts). */
export function usdtContractOf(node: TronNode): string {
  return tronAddressFromHash(Buffer.from(USDT_CONTRACTS[node.network].slice(2), 'hex'))
}

/** Deposit address i of a mnemonic, derived here (the same derivation any TRON wallet makes) for assertions. */
export function tronDepositAddress(mnemonic: string, index: number): string {
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(`${TRON_ACCOUNT_PATH}/0/${index}`).privateKey!
  return tronAddressOfPrivateKey(key)
}

/**
 * A test Kassa following the TRON node double as the live network `tron-nile`, with generated
 * keys sealed under a generated master key exactly as `kassa secret seal` would, and the hot
 * wallet funded on the node.
 */
export async function startTronKassa(dialect: TestDialect, node: TronNode, opts: TronKassaOptions = {}): Promise<TronTestKassa> {
  const keys = opts.keys ?? {
    masterKey: randomBytes(32).toString('base64'),
    depositMnemonic: generateMnemonic(wordlist),
    hotKey: new Uint8Array(randomBytes(32)),
  }
  const box = new SecretBox(Buffer.from(keys.masterKey, 'base64'))
  const hotWallet = tronAddressOfPrivateKey(keys.hotKey)
  if (!opts.keys) node.setAccount(hotWallet, { trx: opts.fund?.trx ?? 10_000_000_000n, usdt: opts.fund?.usdt ?? 10_000_000_000n })
  const deposits = opts.xpubOnly
    ? { xpub: HDKey.fromMasterSeed(mnemonicToSeedSync(keys.depositMnemonic)).derive(TRON_ACCOUNT_PATH).publicExtendedKey }
    : { mnemonic: box.seal(keys.depositMnemonic) }
  const base = opts.url ?? node.url
  const usdtContract = usdtContractOf(node)
  const tronNetworks = parseTronNetworks(
    [
      {
        name: 'nile',
        chain: node.network,
        httpUrl: base,
        jsonRpcUrl: `${base}/jsonrpc`,
        confirmations: opts.confirmations ?? 19,
        deposits,
        hotWallet: { privateKey: box.seal(Buffer.from(keys.hotKey).toString('hex')) },
        usdt: { contract: usdtContract, decimals: 6 },
        ...(opts.feeLimit && { feeLimit: opts.feeLimit }),
      },
    ],
    'test',
  )
  const env = { KASSA_MASTER_KEY: keys.masterKey, KASSA_OPERATOR_TOKEN: OPERATOR_TOKEN }
  const t = await startTestKassa(dialect, { env, config: { tronNetworks } }, opts.database)
  const adapter = t.kassa.deps.chains.byNetwork('tron-nile')!
  const watcher = t.kassa.watchers.find((w) => w.network === 'tron-nile')!
  return {
    ...t,
    network: 'tron-nile',
    adapter,
    watcher,
    hotWallet,
    hotKey: keys.hotKey,
    depositMnemonic: keys.depositMnemonic,
    masterKey: keys.masterKey,
    usdtContract,
  }
}
