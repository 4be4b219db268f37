import type { BitcoinNetworkConfig } from '../../../config/bitcoin-networks.js'
import { ChainRpcError } from '../../../errors/index.js'
import type { ChainAdapter } from '../../adapter.js'
import { isValidBitcoinLikeAddress } from '../../codecs/bitcoin/bitcoin-address.js'
import { paymentUri } from '../../payment-uri.js'
import { GENESIS, addressNetwork } from './bitcoin-chains.js'
import type { BitcoinDepositKeys } from './bitcoin-keys.js'
import { hotWalletAddress } from './bitcoin-keys.js'
import { BitcoinAuthError, BitcoinRpcError, RPC_NO_SUCH_TRANSACTION } from './bitcoin-rpc.js'
import type { BitcoinRpc } from './bitcoin-rpc.js'
import { createBitcoinSend } from './bitcoin-send.js'
import type { BitcoinSend } from './bitcoin-send.js'
import { createBitcoinWatch } from './bitcoin-watch.js'

export interface BitcoinAdapterOptions {
  config: BitcoinNetworkConfig
  rpc: BitcoinRpc
  depositKeys: BitcoinDepositKeys
  /** The hot wallet's key, opened from its sealed form; without it the network only receives. */
  hotWalletKey: Uint8Array | undefined
}

/** A node that does not match its configuration: Kassa refuses to follow it at all. The message names the field. */
export class BitcoinSetupError extends Error {}

export interface BitcoinAdapter extends ChainAdapter {
  readonly send: BitcoinSend | undefined
  /**
   * Checks the node: the configured chain (its genesis block), a transaction index, blocks kept
   * back to where the watcher resumes (`cursorHeight`, a pruned node may have dropped them).
   */
  verify(ctx?: { cursorHeight?: number | undefined }): Promise<void>
}

/**
 * A real Bitcoin or Litecoin chain through a node's RPC (Bitcoin Core, Litecoin Core, btcd,
 * ltcd): a fresh BIP84 (or BIP44/49) address per payment from the operator's account key,
 * payments followed from the mempool to their confirmations (bitcoin-watch.ts), payouts paid
 * from the hot wallet's coins (bitcoin-send.ts). docs/BITCOIN.md.
 */
export function createBitcoinAdapter(opts: BitcoinAdapterOptions): BitcoinAdapter {
  const { config, rpc, depositKeys } = opts
  const networkName = addressNetwork(config.coin, config.chain)
  const family = config.coin === 'BTC' ? 'bitcoin' : 'litecoin'
  const watch = createBitcoinWatch(config, rpc, networkName)
  const send = opts.hotWalletKey && createBitcoinSend({ config, rpc, networkName, depositKeys, hotWalletKey: opts.hotWalletKey })
  if (opts.hotWalletKey) {
    // The hot wallet's coins (its funding, payouts' change) are what payouts spend.
    const hot = hotWalletAddress(opts.hotWalletKey, networkName)
    watch.watchOwnAddress(hot.address, hot.script)
  }
  const where = `KASSA_BITCOIN_NETWORKS_FILE: ${config.network}`
  const authField = 'cookieFile' in config.auth ? 'cookieFile' : 'rpcUser'

  async function ask<T>(method: string, params: unknown[] = []): Promise<T> {
    try {
      return await rpc.call<T>(method, params)
    } catch (err) {
      if (err instanceof BitcoinAuthError) throw new BitcoinSetupError(`${where}: [${authField}] ${err.message}`)
      throw err
    }
  }

  return {
    network: config.network,
    family,
    currencies: [config.coin],
    testMode: false,
    confirmations: config.confirmations,
    pollIntervalMs: config.pollIntervalMs,
    explorerTxUrl: config.explorerTxUrl,
    capabilities: { supportsTokenTransfers: false, supportsMemo: false, supportsPayoutMemo: false, supportsSend: send !== undefined },
    receive: {
      indexScope: 'network',
      deriveAddress: (_storeId, index) => depositKeys.address(index).address,
      validateAddress: (address) => isValidBitcoinLikeAddress(address, networkName),
      paymentUri: (currency, address, amount) => paymentUri({ family, currency, address, amount }),
    },
    watch,
    send,
    async verify(ctx) {
      const genesis = await ask<string>('getblockhash', [0]).catch((err: unknown) => {
        if (err instanceof ChainRpcError)
          throw new BitcoinSetupError(`${where}: [rpcUrl] ${config.rpcUrl} does not answer as a Bitcoin node does (${err.message})`)
        throw err
      })
      if (!GENESIS[config.coin][config.chain].includes(genesis))
        throw new BitcoinSetupError(
          `${where}: [chain] the node at ${config.rpcUrl} has genesis block ${genesis}, which is not ${config.coin} ${config.chain}`,
        )
      const info = await ask<{ blocks: number; pruned?: boolean; pruneheight?: number }>('getblockchaininfo')
      const needed = ctx?.cursorHeight !== undefined ? ctx.cursorHeight + 1 : config.startBlock
      if (info.pruned && info.pruneheight !== undefined && needed !== undefined && needed < info.pruneheight)
        throw new BitcoinSetupError(
          `${where}: [rpcUrl] the node is pruned below block ${info.pruneheight}; Kassa reads on from block ${needed}: raise the node's prune setting or resync it`,
        )
      // The payout engine and the mempool follower look transactions up by id: that needs txindex.
      if (info.blocks >= 1) {
        const hash1 = await ask<string>('getblockhash', [1])
        // ltcd (2019) takes only the old boolean `verbose` and refuses verbosity 1: without the
        // second try the check was skipped there, and a node without txindex passed.
        const block1 = await ask<{ tx: string[] }>('getblock', [hash1, 1])
          .catch((err: unknown) =>
            err instanceof BitcoinRpcError ? ask<{ tx: string[] }>('getblock', [hash1, true]) : Promise.reject(err),
          )
          .catch(() => undefined)
        const coinbase = block1?.tx?.[0]
        if (coinbase) {
          await ask('getrawtransaction', [coinbase, 0]).catch((err: unknown) => {
            if (err instanceof BitcoinRpcError && err.rpcCode === RPC_NO_SUCH_TRANSACTION)
              throw new BitcoinSetupError(
                `${where}: [rpcUrl] the node keeps no transaction index: start it with txindex=1 (btcd, ltcd: --txindex)`,
              )
            throw err
          })
        }
      }
    },
  }
}
