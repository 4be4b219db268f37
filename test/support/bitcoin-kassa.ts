import { randomBytes } from 'node:crypto'
import { HDKey } from '@scure/bip32'
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import type { BitcoinAdapter } from '../../src/chains/adapters/bitcoin/bitcoin-adapter.js'
import { BitcoinDepositKeys, hotWalletAddress } from '../../src/chains/adapters/bitcoin/bitcoin-keys.js'
import type { BitcoinLikeNetworkName } from '../../src/chains/codecs/bitcoin/bitcoin-networks.js'
import { parseBitcoinNetworks } from '../../src/config/bitcoin-networks.js'
import type { ChainWatcher } from '../../src/jobs/workers/chain-watcher.js'
import { SecretBox } from '../../src/security/secret-box.js'
import type { BitcoinNode } from './bitcoin-node/index.js'
import type { TestDialect } from './databases.js'
import { startTestKassa } from './test-kassa.js'
import type { TestKassa } from './test-kassa.js'

/** Bearer token of the operator routes in Bitcoin tests. */
export const OPERATOR_TOKEN = 'operator-token-for-bitcoin-tests-01'

export interface BitcoinTestKassa extends TestKassa {
  /** `bitcoin-regtest` or `litecoin-regtest`. */
  network: string
  adapter: BitcoinAdapter
  watcher: ChainWatcher
  /** The hot wallet's P2WPKH address (bcrt1… / rltc1…). */
  hotWallet: string
  keys: BitcoinKassaKeys
  /** One pass of the watcher, then of the payout worker. */
  pass(): Promise<void>
}

export interface BitcoinKassaKeys {
  masterKey: string
  depositMnemonic: string
  hotKey: Uint8Array
}

export interface BitcoinKassaOptions {
  /** The node's RPC URL as Kassa reaches it (a TCP proxy in outage tests); default: the node itself. */
  url?: string
  confirmations?: number
  xpubOnly?: boolean
  /** The deposit addresses' type (BIP84 p2wpkh by default; BIP49 p2sh-p2wpkh, BIP44 p2pkh). */
  addressType?: 'p2wpkh' | 'p2sh-p2wpkh' | 'p2pkh'
  /** Reuse keys, e.g. to restart Kassa over the same database. */
  keys?: BitcoinKassaKeys
  database?: TestKassa['database']
  /** Satoshis the funder sends the hot wallet at start (then a block is mined); default 10 coins; 0: none. */
  fund?: bigint
  fees?: { minRate?: string; maxRate?: string; confTarget?: number }
  /** Where the watcher begins; default: the block after the node's tip at start. */
  startBlock?: number
  /** The watcher's poll interval; default 100 ms (tests drive passes themselves); null: the configuration's default. */
  pollIntervalMs?: number | null
}

export const ADDRESS_NETWORK: Record<'BTC' | 'LTC', BitcoinLikeNetworkName> = { BTC: 'regtest', LTC: 'litecoin-regtest' }

/** Deposit address i of a mnemonic (BIP84, coin type 1), derived here for assertions. */
export function depositAddressOf(coin: 'BTC' | 'LTC', mnemonic: string, index: number): string {
  return BitcoinDepositKeys.fromMnemonic(mnemonic, ADDRESS_NETWORK[coin]).address(index).address
}

/**
 * A test Kassa following a real btcd or ltcd regtest node (test/support/bitcoin-node/) as the
 * live network `bitcoin-regtest` / `litecoin-regtest`, its keys generated and sealed under a
 * generated master key as `kassa secret seal` would, its hot wallet funded on chain by the node's
 * funder and the funding block already watched.
 */
export async function startBitcoinKassa(
  dialect: TestDialect,
  node: BitcoinNode,
  opts: BitcoinKassaOptions = {},
): Promise<BitcoinTestKassa> {
  const keys = opts.keys ?? {
    masterKey: randomBytes(32).toString('base64'),
    depositMnemonic: generateMnemonic(wordlist),
    hotKey: new Uint8Array(randomBytes(32)),
  }
  const coin = node.coin
  const box = new SecretBox(Buffer.from(keys.masterKey, 'base64'))
  const hotWallet = hotWalletAddress(keys.hotKey, ADDRESS_NETWORK[coin]).address
  const deposits = opts.xpubOnly
    ? {
        // vpub: a BIP84 account key of a test chain, as a wallet exports it.
        xpub: HDKey.fromMasterSeed(mnemonicToSeedSync(keys.depositMnemonic), { private: 0x045f18bc, public: 0x045f1cf6 }).derive(
          "m/84'/1'/0'",
        ).publicExtendedKey,
      }
    : { mnemonic: box.seal(keys.depositMnemonic), ...(opts.addressType && { addressType: opts.addressType }) }
  const startBlock = opts.startBlock ?? (await node.tipHeight()) + 1
  const bitcoinNetworks = parseBitcoinNetworks(
    [
      {
        name: 'regtest',
        coin,
        chain: 'regtest',
        rpcUrl: opts.url ?? node.rpcUrl,
        rpcUser: node.rpcUser,
        rpcPassword: box.seal(node.rpcPassword),
        deposits,
        hotWallet: { privateKey: box.seal(Buffer.from(keys.hotKey).toString('hex')) },
        startBlock,
        ...(opts.pollIntervalMs !== null && { pollIntervalMs: opts.pollIntervalMs ?? 100 }),
        ...(opts.confirmations !== undefined && { confirmations: opts.confirmations }),
        ...(opts.fees && { fees: opts.fees }),
      },
    ],
    'test',
  )
  const network = bitcoinNetworks[0]!.network
  const env = { KASSA_MASTER_KEY: keys.masterKey, KASSA_OPERATOR_TOKEN: OPERATOR_TOKEN }
  const t = await startTestKassa(dialect, { env, config: { bitcoinNetworks } }, opts.database)
  await t.kassa.verifyNetworks()
  const adapter = t.kassa.deps.chains.byNetwork(network) as BitcoinAdapter
  const watcher = t.kassa.watchers.find((w) => w.network === network)!
  const pass = async () => {
    await watcher.runOnce()
    await t.kassa.payouts.runOnce()
  }
  const fund = opts.fund ?? (opts.keys ? 0n : 10n * 100_000_000n)
  if (fund > 0n) {
    await node.funder.pay([{ address: hotWallet, sats: fund }])
    await node.mine(1)
  }
  await watcher.runOnce()
  return { ...t, network, adapter, watcher, hotWallet, keys, pass }
}
