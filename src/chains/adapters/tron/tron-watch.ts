import type { TronNetworkConfig } from '../../../config/index.js'
import { ChainRpcError } from '../../../errors/index.js'
import { AddressMatcher } from '../../address-matcher.js'
import { BlockPrefetcher } from '../../block-prefetch.js'
import type { BlockRef, ChainBlock, WatchCapability } from '../../adapter.js'
import type { TronApi } from './tron-api.js'
import { tronAddressToHex } from './tron-address.js'
import { TRANSFER_TOPIC } from '../evm/evm-mapping.js'
import { normaliseTronAddress, parseBlock, strip0x, toChainBlock, tokenTransfers, trxTransfers } from './tron-mapping.js'
import type { TronBlock, TronRpcLog } from './tron-mapping.js'

/** Blocks fetched ahead while catching up (TRON makes one every 3 s; a day's outage is 28,800). */
const PREFETCH_BLOCKS = 8

interface RpcBlockHeader {
  number: string
  hash: string
  parentHash: string
}

/**
 * Watching a TRON chain. TRX transfers come from the blocks of the HTTP API (the only answer
 * that says whether each transaction succeeded: `ret[0].contractRet`); USDT transfers from the
 * token's Transfer logs over JSON-RPC `eth_getLogs`, asked per block by contract and topic, so
 * the answer holds the token's logs only rather than every contract call's receipt (the HTTP
 * API's gettransactioninfobyblocknum would send all of them). Tip and reorg checks use
 * JSON-RPC headers, which are small. Ids are TRON's (hex without 0x).
 */
export function createTronWatch(config: TronNetworkConfig, api: TronApi): WatchCapability & { matcher: AddressMatcher } {
  const matcher = new AddressMatcher(normaliseTronAddress)
  const usdt20 = config.usdt ? `0x${tronAddressToHex(config.usdt.contract).slice(2)}` : undefined

  async function header(tag: string): Promise<BlockRef | null> {
    const b = await api.rpc<RpcBlockHeader | null>('eth_getBlockByNumber', [tag, false])
    if (!b) return null
    const height = Number(b.number)
    if (!Number.isSafeInteger(height) || typeof b.hash !== 'string' || typeof b.parentHash !== 'string')
      throw new ChainRpcError(config.network, 'eth_getBlockByNumber', `a header without number or hashes for ${tag}`)
    if (tag !== 'latest' && height !== Number(tag))
      throw new ChainRpcError(config.network, 'eth_getBlockByNumber', `asked for ${Number(tag)}, got ${height}`)
    return { height, hash: strip0x(b.hash), parentHash: strip0x(b.parentHash) }
  }

  async function logsOf(block: TronBlock): Promise<TronRpcLog[]> {
    if (!usdt20) return []
    const logs = await api.rpc<TronRpcLog[]>('eth_getLogs', [{ blockHash: `0x${block.id}`, address: [usdt20], topics: [TRANSFER_TOPIC] }])
    if (!Array.isArray(logs)) throw new ChainRpcError(config.network, 'eth_getLogs', 'the answer is not a list')
    return logs
  }

  async function fetchBlock(height: number): Promise<ChainBlock | null> {
    const block = parseBlock(config.network, await api.post('/wallet/getblockbynum', { num: height, visible: false }), height)
    if (!block) return null
    const transfers = trxTransfers(config.network, block, matcher)
    if (usdt20) transfers.push(...tokenTransfers(config.network, block, await logsOf(block), usdt20, matcher))
    return toChainBlock(block, transfers)
  }

  const blocks = new BlockPrefetcher(fetchBlock, PREFETCH_BLOCKS)

  return {
    matcher,
    async getTip() {
      const tip = await header('latest')
      blocks.reset(tip?.height ?? -1)
      return tip
    },
    // Catching up: the next blocks are asked for while this one is applied.
    getBlock: (height) => blocks.get(height),
    getBlockRef: (height) => header(`0x${height.toString(16)}`),
    // Transactions waiting for a block are not followed: a payment shows `confirming` once its
    // transfer is in a block, within one 3-second block of being sent.
    getMempool: async () => [],
    watchAddresses: (addresses) => matcher.add(addresses),
    startHeight: (tip) => config.startBlock ?? Math.max(0, tip.height - config.confirmations),
  }
}
