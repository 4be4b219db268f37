/**
 * Blocks and transactions as a Bitcoin Core-compatible node gives them raw (`getblock <hash> 0`,
 * `getrawtransaction <txid>`), and the outputs among them that pay watched scripts. Bitcoin and
 * Litecoin share the format, apart from Litecoin's MWEB (below).
 *
 * Read here byte by byte rather than with bitcoinjs-lib's `Transaction.fromBuffer`: a CPU profile
 * of a 2,500-transaction block showed its per-field objects (a Buffer view per hash, script and
 * witness item, a bigint per length and value) and the garbage they leave as most of a block's
 * cost (docs/PERFORMANCE.md, "Bitcoin and Litecoin blocks"). bitcoinjs-lib's own `BufferReader`
 * has the same costs (`readVarInt` decodes to a bigint, `readSlice` makes a view). Only what
 * Kassa uses is read: each transaction's id, hashed where its bytes lie with Node's native
 * SHA-256; its outputs, looked up in the matcher where they lie, a value made only for a match;
 * its inputs only when asked for (the watcher asks for a mempool transaction's, never a block's).
 * The tests compare every field with bitcoinjs-lib's reading of the same bytes.
 *
 * Litecoin's MWEB (Litecoin Core ≥ 0.21.2, primitives/transaction.h and primitives/block.h): the
 * extended format's flag byte may carry 0x08, and then after the witnesses comes an optional MWEB
 * transaction (one byte, 0 = absent, 1 = present and then its bytes). A block's last transaction,
 * the HogEx, has the flag and no MWEB transaction, and after it the block carries its extension
 * block. Ids are hashed without witnesses and without MWEB data, as Litecoin Core computes them.
 * MWEB outputs cannot pay a canonical address, so the extension block is not read.
 */
import * as crypto from 'node:crypto'
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
  /** Display order, as RPC shows it; the hash of the serialisation without witnesses (and MWEB data). */
  readonly txid: string
  /** The block reward transaction; its one input spends nothing (txid all zeros, vout 0xffffffff). */
  readonly coinbase: boolean
  /** Read from the bytes on first use and kept. */
  readonly inputs: readonly ParsedInput[]
  /** Read from the bytes on first use and kept; `findPayments` does not need them. */
  readonly outputs: readonly ParsedOutput[]
  /** BIP125 opt-in replaceability: some input's sequence is below 0xfffffffe. */
  readonly rbfSignalled: boolean
  /** Virtual size in vbytes (BIP141: weight / 4, rounded up; MWEB data counts as witness data). */
  readonly vsize: number
  /** Litecoin's HogEx: MWEB flag set and no MWEB transaction. Its outputs after the first are peg-outs. */
  readonly hogEx: boolean
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

/**
 * A Litecoin transaction with only MWEB inputs and outputs: its id is the MWEB transaction's hash,
 * which is not computed here, and it has no canonical output that could pay a watched script.
 */
export class MwebOnlyTransactionError extends RawBlockFormatError {}

const HEADER_BYTES = 80
const RBF_SEQUENCE_LIMIT = 0xfffffffe
const WITNESS_FLAG = 0x01
const MWEB_FLAG = 0x08

export function parseRawBlock(hex: string): ParsedBlock {
  const bytes = hexBytes(hex)
  const end = bytes.length
  if (end <= HEADER_BYTES) throw new RawBlockFormatError(`a block is more than ${HEADER_BYTES} bytes, got ${end}`)
  pos = HEADER_BYTES
  const count = readCompact(bytes, end)
  if (count > end) throw new RawBlockFormatError(`${count} transactions cannot fit in ${end} bytes`)
  const transactions: ParsedTx[] = new Array(count)
  let last: RawTx | undefined
  for (let i = 0; i < count; i++) {
    if (pos >= end) throw new RawBlockFormatError(`the block ends after ${i} of ${count} transactions`)
    last = readTx(bytes, pos, end, false)
    transactions[i] = last
  }
  // Litecoin Core reads an extension block after the transactions when there are at least two
  // and the last is a HogEx (CBlock's serialisation); its first byte says whether one is there.
  const extensionBlock = count >= 2 && last?.hogEx === true
  if (extensionBlock ? pos >= end : pos !== end)
    throw new RawBlockFormatError(
      extensionBlock ? 'the block ends before its MWEB extension block' : `${end - pos} bytes follow the block's last transaction`,
    )
  return {
    hash: displayHex(sha256d(bytes.subarray(0, HEADER_BYTES))),
    parentHash: displayHex(bytes.subarray(4, 36)),
    merkleRoot: displayHex(bytes.subarray(36, 68)),
    transactions,
  }
}

export function parseRawTransaction(hex: string): ParsedTx {
  const bytes = hexBytes(hex)
  const tx = readTx(bytes, 0, bytes.length, true)
  if (pos !== bytes.length) throw new RawBlockFormatError(`${bytes.length - pos} bytes follow the transaction`)
  return tx
}

/** The outputs of `tx` that pay watched scripts. */
export function findPayments(tx: ParsedTx, matcher: ScriptMatcher): BitcoinPayment[] {
  const found: BitcoinPayment[] = []
  if (matcher.size === 0) return found
  if (tx instanceof RawTx) return tx.payments(matcher, found)
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

/** A transaction read where it lies: offsets into the block's bytes, inputs and outputs read on demand. */
class RawTx implements ParsedTx {
  #inputs: ParsedInput[] | undefined
  #outputs: ParsedOutput[] | undefined

  constructor(
    readonly txid: string,
    readonly coinbase: boolean,
    readonly rbfSignalled: boolean,
    readonly vsize: number,
    readonly hogEx: boolean,
    private readonly bytes: Buffer,
    /** The input count's offset. */
    private readonly inputsAt: number,
    /** The output count's offset. */
    private readonly outputsAt: number,
  ) {}

  get inputs(): readonly ParsedInput[] {
    if (this.#inputs !== undefined) return this.#inputs
    const b = this.bytes
    pos = this.inputsAt
    const inputs: ParsedInput[] = new Array(readCompact(b, b.length))
    for (let i = 0; i < inputs.length; i++) {
      const at = pos
      pos += 36
      skipCompact(b, b.length)
      inputs[i] = { txid: displayHex(b.subarray(at, at + 32)), vout: b.readUInt32LE(at + 32), sequence: b.readUInt32LE(pos) }
      pos += 4
    }
    this.#inputs = inputs
    return inputs
  }

  get outputs(): readonly ParsedOutput[] {
    if (this.#outputs !== undefined) return this.#outputs
    const b = this.bytes
    pos = this.outputsAt
    const outputs: ParsedOutput[] = new Array(readCompact(b, b.length))
    for (let i = 0; i < outputs.length; i++) {
      const value = b.readBigInt64LE(pos)
      pos += 8
      const length = readCompact(b, b.length)
      outputs[i] = { script: b.subarray(pos, pos + length), value }
      pos += length
    }
    this.#outputs = outputs
    return outputs
  }

  /** findPayments without a view or a value per output: the matcher reads each script where it lies. */
  payments(matcher: ScriptMatcher, found: BitcoinPayment[]): BitcoinPayment[] {
    const b = this.bytes
    pos = this.outputsAt
    const count = readCompact(b, b.length)
    for (let i = 0; i < count; i++) {
      const valueAt = pos
      pos += 8
      const length = readCompact(b, b.length)
      const toAddress = matcher.matchAt(b, pos, length)
      if (toAddress !== undefined) found.push({ txHash: this.txid, outputIndex: i, toAddress, amount: b.readBigInt64LE(valueAt) })
      pos += length
    }
    return found
  }
}

/** The read position: one reader runs at a time, and a shared cursor spares a tuple per field. */
let pos = 0

/**
 * Reads the transaction at `start`, checking every length against `end`; leaves `pos` after it.
 * `alone`: the bytes are this one transaction (a mempool transaction may carry MWEB data, which
 * then runs to the lock time; a block's transactions may not).
 */
function readTx(b: Buffer, start: number, end: number, alone: boolean): RawTx {
  pos = start + 4
  need(pos + 1, end)
  let flags = 0
  if (b[pos] === 0) {
    // The extended format: a marker where the input count would be (no valid transaction has no
    // inputs), then the flags.
    need(pos + 2, end)
    flags = b[pos + 1] as number
    if (flags === 0 || (flags & ~(WITNESS_FLAG | MWEB_FLAG)) !== 0)
      throw new RawBlockFormatError(`transaction at byte ${start}: unknown extended-format flags 0x${flags.toString(16).padStart(2, '0')}`)
    pos += 2
  }
  const inputsAt = pos
  const inputCount = readCompact(b, end)
  let rbfSignalled = false
  for (let i = 0; i < inputCount; i++) {
    need(pos + 36, end)
    pos += 36
    skipCompact(b, end)
    need(pos + 4, end)
    if (b.readUInt32LE(pos) < RBF_SEQUENCE_LIMIT) rbfSignalled = true
    pos += 4
  }
  const outputsAt = pos
  const outputCount = readCompact(b, end)
  for (let i = 0; i < outputCount; i++) {
    need(pos + 8, end)
    pos += 8
    skipCompact(b, end)
  }
  need(pos, end)
  const bodyEnd = pos
  if (flags & WITNESS_FLAG) {
    let items = 0
    for (let i = 0; i < inputCount; i++) {
      const count = readCompact(b, end)
      items += count
      for (let k = 0; k < count; k++) skipCompact(b, end)
      need(pos, end)
    }
    // Both bitcoinjs-lib and Bitcoin Core refuse the witness flag with only empty witnesses.
    if (items === 0) throw new RawBlockFormatError(`transaction at byte ${start}: a witness flag and no witness`)
  }
  let hogEx = false
  const mwebAt = pos
  if (flags & MWEB_FLAG) {
    need(pos + 1, end)
    const present = b[pos++]
    if (present === 0) {
      if (outputCount === 0) throw new RawBlockFormatError(`transaction at byte ${start}: a HogEx without outputs`)
      hogEx = true
    } else if (present === 1 && alone) {
      if (inputCount === 0 && outputCount === 0)
        throw new MwebOnlyTransactionError(`transaction at byte ${start}: only MWEB inputs and outputs`)
      pos = Math.max(pos, end - 4)
    } else {
      throw new RawBlockFormatError(
        `transaction at byte ${start}: ${present === 1 ? 'MWEB data inside a block' : `MWEB presence byte ${present}`}`,
      )
    }
  }
  need(pos + 4, end)
  pos += 4
  const stripped = flags === 0 ? pos - start : bodyEnd - inputsAt + 8
  const txid = flags === 0 ? sha256d(b.subarray(start, pos)) : strippedTxid(b, start, inputsAt, bodyEnd, pos, stripped)
  const coinbase = inputCount === 1 && b.readUInt32LE(inputsAt + 33) === 0xffffffff && isZero(b, inputsAt + 1, 32)
  // Litecoin Core weighs a transaction without its MWEB data (a HogEx of 97 bytes, 3 of them the
  // marker, flags and MWEB byte, weighs 376 = 94 × 4 on mainnet).
  const total = flags & WITNESS_FLAG ? pos - start - (pos - 4 - mwebAt) : stripped
  return new RawTx(displayHex(txid), coinbase, rbfSignalled, Math.ceil((stripped * 3 + total) / 4), hogEx, b, inputsAt, outputsAt)
}

let scratch = Buffer.alloc(1 << 16)

/** The id of an extended-format transaction: version, inputs and outputs, lock time, hashed in one piece. */
function strippedTxid(b: Buffer, start: number, inputsAt: number, bodyEnd: number, end: number, stripped: number): Buffer {
  if (stripped > scratch.length) scratch = Buffer.alloc(2 ** Math.ceil(Math.log2(stripped)))
  const s = scratch
  for (let k = 0; k < 4; k++) s[k] = b[start + k] as number
  b.copy(s, 4, inputsAt, bodyEnd)
  const lockAt = stripped - 4
  for (let k = 0; k < 4; k++) s[lockAt + k] = b[end - 4 + k] as number
  return sha256d(s.subarray(0, stripped))
}

/** A CompactSize at `pos` (Bitcoin Core's ReadCompactSize, canonical encodings only); moves `pos` past it. */
function readCompact(b: Buffer, end: number): number {
  need(pos + 1, end)
  const first = b[pos] as number
  if (first < 0xfd) {
    pos += 1
    return first
  }
  if (first === 0xff) throw new RawBlockFormatError(`a count or length at byte ${pos} above 2^32`)
  const wide = first === 0xfe
  need(pos + (wide ? 5 : 3), end)
  const value = wide ? b.readUInt32LE(pos + 1) : b.readUInt16LE(pos + 1)
  if (value < (wide ? 0x10000 : 0xfd)) throw new RawBlockFormatError(`a non-canonical count or length at byte ${pos}`)
  pos += wide ? 5 : 3
  return value
}

/** Moves `pos` past a length and the bytes it counts. (`pos += readCompact()` would read `pos` before the call moves it.) */
function skipCompact(b: Buffer, end: number): void {
  const length = readCompact(b, end)
  pos += length
}

function need(upTo: number, end: number): void {
  if (upTo > end) throw new RawBlockFormatError(`the bytes end at ${end}, a field runs to ${upTo}`)
}

function isZero(b: Buffer, start: number, length: number): boolean {
  for (let k = start; k < start + length; k++) if (b[k] !== 0) return false
  return true
}

function hexBytes(hex: string): Buffer {
  // Buffer.from stops silently at the first non-hex pair; a node's answer is checked in full.
  const bytes = Buffer.from(hex, 'hex')
  if (bytes.length * 2 !== hex.length) throw new RawBlockFormatError('not a hex string of whole bytes')
  return bytes
}

const reversed = Buffer.alloc(32)

/** Hashes are stored little-endian and shown reversed; reversed in one reused buffer, not a copy each. */
function displayHex(hash: Uint8Array): string {
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
