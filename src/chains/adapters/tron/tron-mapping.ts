import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import { ChainRpcError } from '../../../errors/index.js'
import type { AddressMatcher } from '../../address-matcher.js'
import type { ChainBlock, ObservedTransfer } from '../../adapter.js'
import { tronAddressFromHash, tronAddressToHex } from './tron-address.js'
import { NATIVE_OUTPUT_INDEX, TRANSFER_TOPIC } from '../evm/evm-mapping.js'
import type { RpcLog } from '../evm/evm-mapping.js'
import { readRawTransfer } from './tron-transaction.js'

/**
 * The node's answers as java-tron sends them with `visible: false` (addresses as hex "41…"),
 * checked field by field: a block of 300 transactions is read without a schema library, and
 * only the transactions that pay a watched address are looked at closely. A node that lies
 * (another block than asked, missing fields) stops the pass with CHAIN_RPC_ERROR; nothing of
 * that answer is credited.
 */
export interface TronHttpTransaction {
  txID: string
  raw_data: { contract: Array<{ type: string; parameter: { value: Record<string, unknown> } }> }
  raw_data_hex: string
  ret?: Array<{ contractRet?: string }>
}

export interface TronHttpBlock {
  blockID: string
  block_header: { raw_data: { number: number; parentHash: string; timestamp: number } }
  /** Absent in a block without transactions. */
  transactions?: TronHttpTransaction[]
}

/** A block as Kassa uses it: ids without 0x (as TRON's explorers and HTTP API spell them). */
export interface TronBlock {
  height: number
  id: string
  parentHash: string
  timestamp: number
  transactions: TronHttpTransaction[]
}

/**
 * TRON's JSON-RPC is Ethereum's: its eth_getLogs answers (0x-prefixed, 20-byte addresses), the
 * TRC-20 Transfer topic (ERC-20's) and the output index of a native transfer are the EVM
 * adapter's own.
 */
export type TronRpcLog = RpcLog

const HASH = /^[0-9a-f]{64}$/

/**
 * The one spelling the matcher compares: hex "41…" in lowercase. Base58 addresses (what Kassa
 * stores) are converted once, when they are added; the node's hex needs no conversion at all.
 */
export function normaliseTronAddress(address: string): string {
  // 42 characters is the hex form; a base58 address has 34.
  return address.length === 42 ? address.toLowerCase() : tronAddressToHex(address)
}

/** Checks the answer of /wallet/getblockbynum (or getnowblock) is a block, and the one asked for. */
export function parseBlock(network: string, answer: unknown, height?: number): TronBlock | null {
  if (isEmpty(answer)) return null
  const fail = (why: string): never => {
    throw new ChainRpcError(network, 'getblockbynum', `${why} (asked for block ${height ?? 'now'})`)
  }
  const b = answer as Partial<TronHttpBlock>
  const raw = b.block_header?.raw_data
  // java-tron leaves out fields that are zero: block 0 has neither number nor timestamp.
  const number = raw?.number ?? 0
  const timestamp = raw?.timestamp ?? 0
  if (typeof b.blockID !== 'string' || !HASH.test(b.blockID)) fail('the answer has no block id')
  if (!raw || !Number.isSafeInteger(number) || typeof raw.parentHash !== 'string' || !HASH.test(raw.parentHash))
    fail('the block header is missing its parent or has no valid number')
  if (!Number.isSafeInteger(timestamp)) fail('the block header has no valid timestamp')
  if (height !== undefined && number !== height) fail(`the node answered with block ${number}`)
  // A TRON block id begins with its number (8 bytes): a cheap check that id and header agree.
  if (BigInt(`0x${b.blockID!.slice(0, 16)}`) !== BigInt(number)) fail('the block id does not carry its number')
  const transactions = b.transactions ?? []
  if (!Array.isArray(transactions)) fail('transactions is not a list')
  return { height: number, id: b.blockID!, parentHash: raw!.parentHash, timestamp, transactions }
}

/** The transactions of a block that did not succeed: a token log naming one of them is never credited. */
export function failedTransactions(block: TronBlock): Set<string> {
  const failed = new Set<string>()
  for (const tx of block.transactions) if (!succeeded(tx)) failed.add(tx.txID)
  return failed
}

function succeeded(tx: TronHttpTransaction): boolean {
  return tx.ret?.[0]?.contractRet === 'SUCCESS'
}

/**
 * TRX transfers (TransferContract) to watched addresses that succeeded. Each one found is
 * read again from the signed bytes (`raw_data_hex`, whose SHA-256 must be its id) instead of
 * the node's JSON, so the amount credited is the one the sender signed, exactly, as a bigint.
 */
export function trxTransfers(network: string, block: TronBlock, matcher: AddressMatcher): ObservedTransfer[] {
  const out: ObservedTransfer[] = []
  for (const tx of block.transactions) {
    const contract = tx.raw_data?.contract?.[0]
    if (contract?.type !== 'TransferContract') continue
    const to = contract.parameter?.value?.to_address
    if (typeof to !== 'string' || !matcher.has(to) || !succeeded(tx)) continue
    if (typeof tx.raw_data_hex !== 'string' || typeof tx.txID !== 'string' || bytesToHex(sha256(hexToBytes(tx.raw_data_hex))) !== tx.txID)
      throw new ChainRpcError(
        network,
        'getblockbynum',
        `transaction ${tx.txID} in block ${block.height}: its id is not the hash of its bytes`,
      )
    const signed = readRawTransfer(tx.raw_data_hex)
    if (signed.kind !== 'trx' || normaliseTronAddress(signed.to) !== to.toLowerCase())
      throw new ChainRpcError(network, 'getblockbynum', `transaction ${tx.txID} in block ${block.height}: its JSON and its bytes disagree`)
    if (signed.amount <= 0n) continue
    out.push({ txHash: tx.txID, outputIndex: NATIVE_OUTPUT_INDEX, currency: 'TRX', toAddress: signed.to, amount: signed.amount })
  }
  return out
}

/**
 * USDT Transfer logs to watched addresses. The logs must belong to this very block (its id and
 * number); a log of a transaction the block does not hold is a lie and stops the pass; one of
 * a transaction that failed is never credited (a reverted call keeps no logs on TRON, so this
 * only guards against a node that says otherwise).
 */
export function tokenTransfers(
  network: string,
  block: TronBlock,
  logs: readonly TronRpcLog[],
  contract20: string,
  matcher: AddressMatcher,
): ObservedTransfer[] {
  const out: ObservedTransfer[] = []
  let inBlock: Set<string> | undefined
  let failed: Set<string> | undefined
  for (const log of logs) {
    if (log.removed || log.address?.toLowerCase() !== contract20 || log.topics?.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) continue
    if (strip0x(log.blockHash) !== block.id || Number(log.blockNumber) !== block.height)
      throw new ChainRpcError(network, 'eth_getLogs', `a log of block ${log.blockNumber} ${log.blockHash} among block ${block.height}'s`)
    const to = `41${(log.topics[2] as string).slice(26).toLowerCase()}`
    if (!matcher.has(to) || !/^0x[0-9a-fA-F]{64}$/.test(log.data)) continue
    const txHash = strip0x(log.transactionHash)
    inBlock ??= new Set(block.transactions.map((t) => t.txID))
    if (!inBlock.has(txHash))
      throw new ChainRpcError(network, 'eth_getLogs', `a log of transaction ${txHash}, which block ${block.height} does not hold`)
    failed ??= failedTransactions(block)
    if (failed.has(txHash)) continue
    const amount = BigInt(log.data)
    if (amount === 0n) continue
    out.push({
      txHash,
      outputIndex: Number(log.logIndex),
      currency: 'USDT_TRC20',
      toAddress: tronAddressFromHash(hexToBytes(to.slice(2))),
      amount,
    })
  }
  return out
}

export function toChainBlock(block: TronBlock, transfers: ObservedTransfer[]): ChainBlock {
  return { height: block.height, hash: block.id, parentHash: block.parentHash, transfers }
}

/** java-tron's "not found" is an empty object. */
export function isEmpty(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && Object.keys(answer).length === 0
}

export function strip0x(hex: string): string {
  return typeof hex === 'string' && hex.startsWith('0x') ? hex.slice(2).toLowerCase() : String(hex).toLowerCase()
}
