/**
 * java-tron's Ethereum-compatible JSON-RPC (/jsonrpc) for the calls a watcher makes: chain id,
 * head, blocks by number or hash, and logs. Error codes and texts are TronJsonRpcImpl's
 * (documented in tronprotocol/documentation-en docs/api/json-rpc).
 */
import { strip0x } from './bytes.js'
import type { ChainBlock } from './chain-state.js'
import { quantity, type RpcLog, rpcBlockJson, rpcLogsOf } from './printing.js'
import type { TronNode } from './tron-node.js'

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

const invalidParams = (m: string) => new RpcError(-32602, m)
const MAX_BLOCK_RANGE = 5000n

function blockByTag(node: TronNode, tag: unknown): ChainBlock | undefined | 'genesis' {
  if (tag === 'latest' || tag === undefined) return node.chain.head
  if (tag === 'finalized') return node.chain.solidified
  if (tag === 'earliest') return 'genesis'
  if (tag === 'pending' || tag === 'safe') throw invalidParams(`TAG ${tag} not supported`)
  if (typeof tag !== 'string' || !/^(0x[0-9a-fA-F]+|\d+)$/.test(tag)) throw invalidParams('invalid block number')
  const n = BigInt(tag)
  return n === 0n ? 'genesis' : node.chain.blockByNumber(n)
}

function blockAnswer(node: TronNode, b: ChainBlock | undefined | 'genesis', full: boolean): unknown {
  if (b === undefined) return null
  if (b === 'genesis') return node.genesisRpcBlock()
  return rpcBlockJson(b, full, node.chain.config.fees.energyFee, node.blockSize(b))
}

function heightOf(node: TronNode, tag: unknown): bigint {
  const b = blockByTag(node, tag)
  if (b === 'genesis') return 0n
  if (b) return b.number
  return BigInt(tag as string)
}

function matchesTopics(log: RpcLog, topics: unknown): boolean {
  if (!Array.isArray(topics)) return true
  if (topics.length > 4) throw invalidParams('topics size should be <= 4')
  return topics.every((slot, i) => {
    if (slot === null) return true
    const wanted = (Array.isArray(slot) ? slot : [slot]).map((t) => `0x${strip0x(String(t))}`)
    return log.topics[i] !== undefined && wanted.includes(log.topics[i]!)
  })
}

function getLogs(node: TronNode, filter: Record<string, unknown>): RpcLog[] {
  let blocks: ChainBlock[]
  if (filter.blockHash !== undefined) {
    if (filter.fromBlock !== undefined || filter.toBlock !== undefined) {
      throw invalidParams('cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other')
    }
    const hash = String(filter.blockHash)
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hash)) throw invalidParams('invalid hash value')
    const b = node.chain.blockById(strip0x(hash))
    if (!b) throw invalidParams('invalid blockHash')
    blocks = [b]
  } else {
    const from = heightOf(node, filter.fromBlock)
    const to = heightOf(node, filter.toBlock)
    if (from > to) throw invalidParams('please verify: fromBlock <= toBlock')
    if (to - from > MAX_BLOCK_RANGE) throw invalidParams(`exceed max block range: ${MAX_BLOCK_RANGE}`)
    blocks = []
    for (let n = from; n <= to; n++) {
      const b = node.chain.blockByNumber(n)
      if (b) blocks.push(b)
    }
  }
  const addresses =
    filter.address === undefined || filter.address === null
      ? undefined
      : (Array.isArray(filter.address) ? filter.address : [filter.address]).map((a) => `0x${strip0x(String(a)).slice(-40)}`)
  return blocks.flatMap((b) => rpcLogsOf(b)).filter((l) => (!addresses || addresses.includes(l.address)) && matchesTopics(l, filter.topics))
}

export function jsonRpcCall(node: TronNode, method: string, params: unknown[]): unknown {
  switch (method) {
    case 'eth_chainId':
      return node.jsonRpcChainId
    case 'eth_blockNumber':
      return quantity(node.chain.head.number)
    case 'eth_getBlockByNumber':
      return blockAnswer(node, blockByTag(node, params[0]), params[1] === true)
    case 'eth_getBlockByHash': {
      const hash = String(params[0] ?? '')
      if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hash)) throw invalidParams('invalid hash value')
      const id = strip0x(hash)
      if (id === node.genesisBlockId) return node.genesisRpcBlock()
      return blockAnswer(node, node.chain.blockById(id), params[1] === true)
    }
    case 'eth_getLogs':
      return getLogs(node, (params[0] ?? {}) as Record<string, unknown>)
    default:
      throw new RpcError(-32601, `The method ${method} does not exist/is not available`)
  }
}
