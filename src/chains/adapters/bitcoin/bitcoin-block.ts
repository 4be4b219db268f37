/**
 * Blocks and transactions as a Bitcoin Core-compatible node gives them raw (`getblock <hash> 0`,
 * `getrawtransaction <txid>`), parsed with bitcoinjs-lib, and the outputs among them that pay
 * watched scripts. Bitcoin and Litecoin share the format (apart from Litecoin's MWEB, below).
 *
 * bitcoinjs-lib reads every field; the ids are computed here. Its `getId()` serialises the
 * transaction again and hashes it with @noble/hashes' JavaScript SHA-256, which a CPU profile of a
 * real 1 MB block (block 413567) showed as half the cost of a block: 17 % of samples in SHA-256,
 * about 12 % re-serialising, and the garbage both leave behind. The id is the double SHA-256 of
 * bytes already in the block, so they are hashed where they lie, with Node's native SHA-256
 * (docs/PERFORMANCE.md, "Bitcoin and Litecoin blocks").
 *
 * Litecoin's MWEB (since Litecoin Core 0.21.2): a block that ends with a HogEx transaction
 * (extended-format flag 0x08) is followed by its extension block. Neither can be parsed by
 * bitcoinjs-lib, so such blocks are refused with a clear error rather than misread.
 */
import * as crypto from 'node:crypto'
import { Block, Transaction } from 'bitcoinjs-lib'
import type { ScriptMatcher } from './script-matcher.js'

export interface ParsedInput {
  /** The spent output's transaction id, in display order (as RPC shows it). */
  txid: string
  vout: number
  sequence: number
}

export interface ParsedOutput {
  /** A view into the parsed bytes (no copy per output): keeping one keeps the whole block's bytes. */
  script: Uint8Array
  /** Satoshis (litoshis on Litecoin). */
  value: bigint
}

export interface ParsedTx {
  /** Display order, as RPC shows it; the hash of the serialisation without witnesses. */
  txid: string
  /** The block reward transaction; its one input spends nothing (txid all zeros, vout 0xffffffff). */
  coinbase: boolean
  inputs: ParsedInput[]
  outputs: ParsedOutput[]
  /** BIP125 opt-in replaceability: some input's sequence is below 0xfffffffe. */
  rbfSignalled: boolean
  /** Virtual size in vbytes (BIP141: weight / 4, rounded up). */
  vsize: number
}

export interface ParsedBlock {
  /** Display order, as RPC shows it. */
  hash: string
  parentHash: string
  /** The header's merkle root, in display order. */
  merkleRoot: string
  transactions: ParsedTx[]
}

export interface BitcoinPayment {
  txHash: string
  outputIndex: number
  toAddress: string
  amount: bigint
}

/** Thrown for bytes this parser cannot read as a block or transaction. */
export class RawBlockFormatError extends Error {
  override readonly name = 'RawBlockFormatError'
}

const HEADER_BYTES = 80
const RBF_SEQUENCE_LIMIT = 0xfffffffe

export function parseRawBlock(hex: string): ParsedBlock {
  const bytes = hexBytes(hex)
  if (bytes.length <= HEADER_BYTES) throw new RawBlockFormatError(`a block is more than ${HEADER_BYTES} bytes, got ${bytes.length}`)
  const header = Block.fromBuffer(bytes.subarray(0, HEADER_BYTES))
  const [count, countBytes] = readCompactSize(bytes, HEADER_BYTES)
  // Block.fromBuffer's own loop, kept here because it drops each transaction's offset, which
  // the ids are hashed from.
  const transactions: ParsedTx[] = new Array(count)
  let offset = HEADER_BYTES + countBytes
  for (let i = 0; i < count; i++) {
    if (offset >= bytes.length) throw new RawBlockFormatError(`the block ends after ${i} of ${count} transactions`)
    refuseMweb(bytes, offset)
    const tx = Transaction.fromBuffer(bytes.subarray(offset), true)
    const length = tx.byteLength()
    transactions[i] = toParsedTx(tx, bytes, offset, length, i === 0)
    offset += length
  }
  if (offset !== bytes.length) throw new RawBlockFormatError(`${bytes.length - offset} bytes follow the block's last transaction`)
  return {
    hash: displayHex(sha256d(bytes.subarray(0, HEADER_BYTES))),
    parentHash: displayHex(header.prevHash as Uint8Array),
    merkleRoot: displayHex(header.merkleRoot as Uint8Array),
    transactions,
  }
}

export function parseRawTransaction(hex: string): ParsedTx {
  const bytes = hexBytes(hex)
  refuseMweb(bytes, 0)
  const tx = Transaction.fromBuffer(bytes)
  return toParsedTx(tx, bytes, 0, bytes.length, isCoinbase(tx))
}

/** The outputs of `tx` that pay watched scripts. */
export function findPayments(tx: ParsedTx, matcher: ScriptMatcher): BitcoinPayment[] {
  const found: BitcoinPayment[] = []
  if (matcher.size === 0) return found
  for (let i = 0; i < tx.outputs.length; i++) {
    const out = tx.outputs[i] as ParsedOutput
    const toAddress = matcher.match(out.script)
    if (toAddress !== undefined) found.push({ txHash: tx.txid, outputIndex: i, toAddress, amount: out.value })
  }
  return found
}

/**
 * The merkle root of transaction ids given in display order, in display order (Bitcoin's rule:
 * an odd level repeats its last hash). Compared with `ParsedBlock.merkleRoot` it proves the ids.
 */
export function merkleRootOf(txids: readonly string[]): string {
  if (txids.length === 0) throw new RangeError('a merkle root needs at least one transaction')
  let level: Buffer[] = txids.map((id) => Buffer.from(id, 'hex').reverse())
  const pair = Buffer.alloc(64)
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer
      pair.set(left, 0)
      pair.set(level[i + 1] ?? left, 32)
      next.push(sha256d(pair))
    }
    level = next
  }
  return displayHex(level[0] as Buffer)
}

function toParsedTx(tx: Transaction, bytes: Buffer, offset: number, length: number, coinbase: boolean): ParsedTx {
  let rbfSignalled = false
  const inputs: ParsedInput[] = new Array(tx.ins.length)
  for (let i = 0; i < tx.ins.length; i++) {
    const input = tx.ins[i] as Transaction['ins'][number]
    if (input.sequence < RBF_SEQUENCE_LIMIT) rbfSignalled = true
    inputs[i] = { txid: displayHex(input.hash), vout: input.index, sequence: input.sequence }
  }
  const outputs: ParsedOutput[] = new Array(tx.outs.length)
  for (let i = 0; i < tx.outs.length; i++) {
    const out = tx.outs[i] as Transaction['outs'][number]
    outputs[i] = { script: out.script, value: out.value }
  }
  const hasWitness = bytes[offset + 4] === 0 // extended format: marker 0x00 where a non-empty input count would be
  const stripped = hasWitness ? tx.byteLength(false) : length
  const txid = hasWitness ? strippedTxid(bytes, offset, length, stripped) : sha256d(bytes.subarray(offset, offset + length))
  return {
    txid: displayHex(txid),
    coinbase,
    inputs,
    outputs,
    rbfSignalled,
    vsize: Math.ceil((stripped * 3 + length) / 4),
  }
}

/**
 * The id of a transaction in extended format: version, then everything between the marker/flag
 * and the witnesses, then the lock time, copied into one buffer and hashed.
 */
function strippedTxid(bytes: Buffer, offset: number, length: number, stripped: number): Buffer {
  const body = stripped - 8
  const copy = Buffer.allocUnsafe(stripped)
  bytes.copy(copy, 0, offset, offset + 4)
  bytes.copy(copy, 4, offset + 6, offset + 6 + body)
  bytes.copy(copy, 4 + body, offset + length - 4, offset + length)
  return sha256d(copy)
}

function refuseMweb(bytes: Buffer, offset: number): void {
  if (bytes[offset + 4] === 0 && bytes[offset + 5] !== 1)
    throw new RawBlockFormatError(
      `transaction at byte ${offset}: extended-format flag 0x${(bytes[offset + 5] ?? 0).toString(16).padStart(2, '0')} ` +
        '(0x08 is Litecoin MWEB), only 0x01 (segwit) is supported',
    )
}

function isCoinbase(tx: Transaction): boolean {
  const only = tx.ins.length === 1 ? tx.ins[0] : undefined
  return only !== undefined && only.index === 0xffffffff && only.hash.every((b) => b === 0)
}

function hexBytes(hex: string): Buffer {
  // Buffer.from stops silently at the first non-hex pair; a node's answer is checked in full.
  const bytes = Buffer.from(hex, 'hex')
  if (bytes.length * 2 !== hex.length) throw new RawBlockFormatError('not a hex string of whole bytes')
  return bytes
}

function readCompactSize(bytes: Buffer, at: number): [value: number, size: number] {
  const first = bytes[at]
  if (first === undefined) throw new RawBlockFormatError('the block ends before its transaction count')
  if (first < 0xfd) return [first, 1]
  if (first === 0xfd) return [bytes.readUInt16LE(at + 1), 3]
  if (first === 0xfe) return [bytes.readUInt32LE(at + 1), 5]
  throw new RawBlockFormatError('transaction count does not fit in 32 bits')
}

const reversed = Buffer.alloc(32)

/**
 * Hashes are stored little-endian and shown reversed. Reversed in one reused buffer: bitcoinjs-lib
 * reads a Buffer's fields as views into it (Buffer#slice does not copy), so reversing in place
 * would change the block bytes the ids are hashed from, and a copy per input cost a measurable
 * share of a block.
 */
function displayHex(hash: Uint8Array): string {
  if (hash.byteLength !== 32) return Buffer.from(hash).reverse().toString('hex')
  reversed.set(hash)
  return reversed.reverse().toString('hex')
}

// crypto.hash (Node ≥ 20.12) is a one-shot native digest; createHash costs about twice as much
// per call on the ~600-byte inputs of a block, and package.json still allows Node 20.6.
const oneShot: ((algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer) | undefined =
  typeof crypto.hash === 'function' ? (crypto.hash as (a: string, d: Uint8Array, e: 'buffer') => Buffer) : undefined

function sha256d(data: Uint8Array): Buffer {
  if (oneShot !== undefined) return oneShot('sha256', oneShot('sha256', data, 'buffer'), 'buffer')
  return crypto.createHash('sha256').update(crypto.createHash('sha256').update(data).digest()).digest()
}
