import { address as bitcoinAddress } from 'bitcoinjs-lib'
import type { BitcoinNetworkConfig } from '../../../config/bitcoin-networks.js'
import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'
import type { ChainCurrencyCode } from '../../../money/index.js'
import type { BlockRef, ChainBlock, ObservedTransfer, WatchCapability } from '../../adapter.js'
import { BlockPrefetcher } from '../../block-prefetch.js'
import { bitcoinLikeNetwork } from '../../codecs/bitcoin/bitcoin-networks.js'
import type { BitcoinLikeNetworkName } from '../../codecs/bitcoin/bitcoin-networks.js'
import { MwebOnlyTransactionError, findPayments, parseRawBlock, parseRawTransaction } from './bitcoin-block.js'
import type { ParsedTx } from './bitcoin-block.js'
import { BitcoinRpcError, RPC_NO_SUCH_TRANSACTION, findTransaction, isUnspent } from './bitcoin-rpc.js'
import type { BitcoinRpc } from './bitcoin-rpc.js'
import { ScriptMatcher } from './script-matcher.js'

/** Blocks fetched ahead while catching up: a node's answers overlap with parsing. */
const PREFETCH_BLOCKS = 4
/** Mempool transactions asked for at once when many are new (a first pass on mainnet sees tens of thousands). */
const MEMPOOL_FETCH_CONCURRENCY = 16

interface HeaderAnswer {
  hash: string
  height: number
  previousblockhash?: string
}

/**
 * A pool transaction as kept between passes: the coins it spends (to tell a replacement), and
 * the whole parsed transaction only when it pays us (a mainnet pool holds tens of thousands).
 */
interface PoolEntry {
  spends: string[]
  tx: ParsedTx | undefined
  transfers: ObservedTransfer[]
  /** The tip hash it was last checked against; only transactions paying us are checked. */
  checkedAt?: string
  /** A block spent a coin it spends: listed by the node, yet never to be mined. */
  conflicted?: boolean
}

export interface BitcoinWatch extends WatchCapability {
  /** Adds an address Kassa itself owns (the hot wallet): its coins are recorded, matched to no payment. */
  watchOwnAddress(address: string, script: Uint8Array): void
}

/**
 * Watching a Bitcoin-like chain through a node's RPC: blocks read raw (`getblock <hash> 0`) and
 * parsed here, so only outputs to watched scripts leave this file; the mempool followed whole
 * (`getrawmempool`, each new transaction read once), so a payment shows `confirming` as soon as
 * its transaction is broadcast, and goes back to `pending` when that transaction leaves the
 * pool unmined (`whyGone` tells the watcher whether it was replaced, conflicted or dropped).
 */
export function createBitcoinWatch(config: BitcoinNetworkConfig, rpc: BitcoinRpc, networkName: BitcoinLikeNetworkName): BitcoinWatch {
  const currency: ChainCurrencyCode = config.coin
  const params = bitcoinLikeNetwork(networkName)
  const matcher = new ScriptMatcher()
  const own = new Set<string>()
  /**
   * Transactions in the pool at the last look, with what they pay us (most pay us nothing);
   * one paying us is checked against each new tip (`checkedAt`) for coins a block spent.
   */
  let pool = new Map<string, PoolEntry>()
  /** Transactions that left the pool unmined, by id, for whyGone. */
  const gone = new Map<string, ParsedTx>()
  /** Whether the node takes `getblock <hash> 0` (verbosity) or only the old boolean form (ltcd). */
  let rawBlockParam: 0 | false = 0
  let knownTipHash = ''

  const toTransfers = (tx: ParsedTx): ObservedTransfer[] =>
    findPayments(tx, matcher).map((p) => ({
      txHash: p.txHash,
      outputIndex: p.outputIndex,
      currency,
      toAddress: p.toAddress,
      amount: p.amount,
      ...(own.has(p.toAddress) && { toOwnWallet: true }),
    }))

  async function blockHashAt(height: number): Promise<string | null> {
    try {
      return await rpc.call<string>('getblockhash', [height])
    } catch (err) {
      // -8: "Block height out of range" (Core), -1 on btcd: no block there (yet).
      if (err instanceof BitcoinRpcError && (err.rpcCode === -8 || err.rpcCode === -1 || err.rpcCode === -5)) return null
      throw err
    }
  }

  async function rawBlock(hash: string): Promise<string> {
    // The form this call used: prefetched blocks are asked for at once, and another call may
    // have switched the form before this one's refusal arrives.
    const param = rawBlockParam
    try {
      return await rpc.call<string>('getblock', [hash, param])
    } catch (err) {
      // ltcd (2019) reads the second parameter as `verbose: bool` and refuses a number.
      if (param === 0 && err instanceof BitcoinRpcError && /bool|type|parameter/i.test(err.rpcMessage)) {
        rawBlockParam = false
        return rpc.call<string>('getblock', [hash, false])
      }
      throw err
    }
  }

  async function fetchBlock(height: number): Promise<ChainBlock | null> {
    const hash = await blockHashAt(height)
    if (hash === null) return null
    const hex = await rawBlock(hash)
    if (typeof hex !== 'string') throw new ChainRpcError(config.network, 'getblock', 'the answer is not raw block hex')
    const block = parseRawBlock(hex)
    if (block.hash !== hash) throw new ChainRpcError(config.network, 'getblock', `asked for ${hash}, got ${block.hash}`)
    const transfers: ObservedTransfer[] = []
    for (const tx of block.transactions) for (const t of toTransfers(tx)) transfers.push(t)
    return { height, hash, parentHash: block.parentHash, transfers }
  }

  async function header(hash: string): Promise<BlockRef> {
    const h = await rpc.call<HeaderAnswer>('getblockheader', [hash, true])
    if (!h || typeof h.hash !== 'string' || !Number.isSafeInteger(h.height))
      throw new ChainRpcError(config.network, 'getblockheader', `a header without hash or height for ${hash}`)
    return { height: h.height, hash: h.hash, parentHash: h.previousblockhash ?? '0'.repeat(64) }
  }

  async function mempoolTx(txid: string): Promise<ParsedTx | null> {
    try {
      return parseRawTransaction(await rpc.call<string>('getrawtransaction', [txid, 0]))
    } catch (err) {
      // Left the pool between the list and this call: it is simply not there.
      if (err instanceof BitcoinRpcError && err.rpcCode === RPC_NO_SUCH_TRANSACTION) return null
      // A Litecoin MWEB-only transaction has no canonical output: it cannot pay a deposit address.
      if (err instanceof MwebOnlyTransactionError) return null
      throw err
    }
  }

  /** A coin it spends is spent in a block, by a confirmed transaction: it can never be mined. */
  async function spentInChain(tx: ParsedTx): Promise<boolean> {
    for (const input of tx.inputs) {
      if (!(await isUnspent(rpc, input.txid, input.vout, false)) && ((await findTransaction(rpc, input.txid))?.confirmations ?? 0) > 0)
        return true
    }
    return false
  }

  const blocks = new BlockPrefetcher(fetchBlock, PREFETCH_BLOCKS)

  return {
    async getTip() {
      const info = await rpc.call<{ blocks: number; bestblockhash: string; initialblockdownload?: boolean; headers?: number }>(
        'getblockchaininfo',
      )
      // Bitcoin Core says so; btcd has no such field (docs/BITCOIN.md).
      if (info.initialblockdownload === true)
        throw new ChainUnavailableError(
          config.network,
          `the node is in initial block download (block ${info.blocks} of ${info.headers ?? '?'}); Kassa waits for it`,
        )
      blocks.reset(info.blocks)
      knownTipHash = String(info.bestblockhash)
      if (info.blocks < 0 || typeof info.bestblockhash !== 'string') return null
      return header(info.bestblockhash)
    },
    getBlock: (height) => blocks.get(height),
    async getBlockRef(height) {
      const hash = await blockHashAt(height)
      return hash === null ? null : header(hash)
    },
    followsMempool: true,
    async getMempool() {
      const txids = await rpc.call<string[]>('getrawmempool', [false])
      if (!Array.isArray(txids)) throw new ChainRpcError(config.network, 'getrawmempool', 'the answer is not a list')
      const next = new Map<string, PoolEntry>()
      const fresh: string[] = []
      for (const id of txids) {
        const known = pool.get(id)
        if (known) next.set(id, known)
        else fresh.push(id)
      }
      for (let i = 0; i < fresh.length; i += MEMPOOL_FETCH_CONCURRENCY) {
        const batch = fresh.slice(i, i + MEMPOOL_FETCH_CONCURRENCY)
        const txs = await Promise.all(batch.map(mempoolTx))
        for (const [k, tx] of txs.entries()) {
          // Keyed by the id the pool listed, so one Kassa cannot read (MWEB-only) is not asked for again.
          if (!tx) {
            next.set(batch[k]!, { spends: [], tx: undefined, transfers: [] })
            continue
          }
          const transfers = toTransfers(tx)
          next.set(batch[k]!, { spends: tx.inputs.map((i) => `${i.txid}:${i.vout}`), tx: transfers.length > 0 ? tx : undefined, transfers })
        }
      }
      // Kept for whyGone: a transaction that left the pool is judged by the coins it spent.
      const left = pool
      pool = next
      for (const [id, entry] of left) if (entry.tx && !next.has(id)) gone.set(id, entry.tx)
      if (gone.size > 10_000) gone.clear()
      // btcd still lists a transaction of a block a reorg took away when the new chain spent
      // its coins (a double spend): such a one is not in the pool for Kassa.
      for (const entry of next.values()) {
        if (!entry.tx || entry.checkedAt === knownTipHash) continue
        entry.conflicted = await spentInChain(entry.tx)
        entry.checkedAt = knownTipHash
      }
      const transfers: ObservedTransfer[] = []
      for (const { transfers: t, conflicted } of next.values()) if (!conflicted) transfers.push(...t)
      return transfers
    },
    async whyGone(txHash) {
      const t = await findTransaction(rpc, txHash)
      if (t && !((t.confirmations ?? 0) === 0 && pool.get(txHash)?.conflicted)) return 'present' // mined since the pool was read, or back in the pool
      const tx = gone.get(txHash) ?? pool.get(txHash)?.tx
      if (!tx) return 'dropped'
      // A coin it spent is spent in a block: a confirmed transaction took it (a double spend).
      // Spent only in the pool: a replacement (BIP125) took it. Neither: it was evicted.
      if (await spentInChain(tx)) return 'conflicted'
      // btcd and ltcd answer `gettxout … true` as unspent for a coin only the pool spends
      // (Bitcoin Core answers null), so the pool as last read is asked first.
      const spentInPool = new Set([...pool.values()].flatMap((e) => e.spends))
      if (tx.inputs.some((i) => spentInPool.has(`${i.txid}:${i.vout}`))) return 'replaced'
      for (const input of tx.inputs) {
        if (!(await isUnspent(rpc, input.txid, input.vout, true))) return 'replaced'
      }
      return 'dropped'
    },
    watchAddresses(addresses) {
      for (const a of addresses) matcher.add(a, bitcoinAddress.toOutputScript(a, params))
    },
    watchOwnAddress(address, script) {
      own.add(address)
      matcher.add(address, script)
    },
    startHeight: (tip) => config.startBlock ?? Math.max(0, tip.height - config.confirmations),
  }
}
