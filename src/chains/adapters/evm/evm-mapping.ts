import type { CurrencyCode } from '../../../money/index.js'
import type { AddressMatcher } from '../../address-matcher.js'
import type { ChainBlock, ObservedTransfer } from '../../adapter.js'
import { checksumEvmAddress } from './evm-address.js'

/**
 * JSON-RPC shapes as the node sends them (hex quantities), read directly rather than through
 * viem's formatters: a block of 500 transfers is 500 transaction objects, and all but a few
 * are someone else's, so only `to` is looked at before the matcher says a transfer is ours.
 */
export interface RpcTransaction {
  hash: string
  to: string | null
  value: string
}

export interface RpcBlock {
  number: string
  hash: string
  parentHash: string
  transactions: RpcTransaction[]
}

export interface RpcLog {
  address: string
  topics: string[]
  data: string
  blockNumber: string
  blockHash: string
  transactionHash: string
  logIndex: string
  removed?: boolean
}

/** keccak256("Transfer(address,address,uint256)"): the ERC-20 Transfer event's topic 0. */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'

/**
 * A native transfer has no log index; -1 keeps its id (`network:tx:-1`) apart from any token
 * transfer the same transaction emits (log indexes count from 0).
 */
export const NATIVE_OUTPUT_INDEX = -1

/** Lowercase hex: the one spelling the matcher compares. Kassa stores and shows EIP-55. */
export function normaliseEvmAddress(address: string): string {
  return address.toLowerCase()
}

/** Native-coin transfers to watched addresses. Only plain value transfers: a contract's internal sends are not followed. */
export function nativeTransfers(block: RpcBlock, currency: CurrencyCode, matcher: AddressMatcher): ObservedTransfer[] {
  const out: ObservedTransfer[] = []
  for (const tx of block.transactions) {
    if (tx.to === null || !matcher.has(tx.to)) continue
    const amount = BigInt(tx.value)
    if (amount === 0n) continue
    out.push({ txHash: tx.hash, outputIndex: NATIVE_OUTPUT_INDEX, currency, toAddress: checksumEvmAddress(tx.to), amount })
  }
  return out
}

/**
 * ERC-20 Transfer logs to watched addresses. A log with the wrong shape (a contract that only
 * looks like a token) is skipped rather than trusted: a Transfer has exactly three topics and a
 * 32-byte amount.
 */
export function tokenTransfers(
  logs: readonly RpcLog[],
  tokens: ReadonlyMap<string, CurrencyCode>,
  matcher: AddressMatcher,
): ObservedTransfer[] {
  const out: ObservedTransfer[] = []
  for (const log of logs) {
    if (log.removed || log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) continue
    const currency = tokens.get(normaliseEvmAddress(log.address))
    if (!currency) continue
    const to = `0x${(log.topics[2] as string).slice(26)}`
    if (!matcher.has(to) || !/^0x[0-9a-fA-F]{64}$/.test(log.data)) continue
    const amount = BigInt(log.data)
    if (amount === 0n) continue
    out.push({ txHash: log.transactionHash, outputIndex: Number(log.logIndex), currency, toAddress: checksumEvmAddress(to), amount })
  }
  return out
}

export function toChainBlock(block: RpcBlock, transfers: ObservedTransfer[]): ChainBlock {
  return { height: Number(block.number), hash: block.hash, parentHash: block.parentHash, transfers }
}
