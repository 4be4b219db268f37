/**
 * The double's chain: blocks, the transactions in them, the pool of accepted broadcasts, and
 * the third-party transfers tests queue for the next block. Blocks carry real TRON ids
 * (block-codec.ts) and are signed by the double's own witness key; third-party transactions are
 * real signed transactions from keys the double derives, so everything in a block decodes and
 * verifies like mainnet data.
 */
import { Accounts } from './accounts.js'
import { blockIdOf, encodeHeaderRaw, txTrieRootOf } from './block-codec.js'
import { bytesToHex, word } from './bytes.js'
import {
  type EnergyCosts,
  type Execution,
  type ExecutionContext,
  execute,
  type FeeParameters,
  isRefusal,
  TRANSFER_SELECTOR,
} from './execution.js'
import { addressOfPrivateKey, labelledKey, signTxid } from './signing.js'
import { type DecodedTransaction, decodeTransaction, encodeRaw, encodeTransaction } from './transaction-codec.js'
import { sha256 } from '@noble/hashes/sha2'

export const BLOCK_INTERVAL_MS = 3000n
/** The most a transaction's expiration may lie after the head block (Constant.MAXIMUM_TIME_UNTIL_EXPIRATION). */
export const MAX_EXPIRATION_MS = 86_400_000n

export type TxSource = 'broadcast' | 'third-party' | 'filler'

export interface ChainTx {
  tx: DecodedTransaction
  execution: Execution
  source: TxSource
}

export interface ChainBlock {
  number: bigint
  id: string
  parentHash: string
  timestamp: bigint
  txTrieRoot: string
  witnessAddress: string
  witnessSignature: string
  version: number
  txs: ChainTx[]
}

export interface QueuedTransfer {
  kind: 'trx' | 'usdt'
  from: string
  to: string
  amount: bigint
  feeLimit?: bigint
  source: TxSource
}

export interface ChainConfig {
  usdtContract: string
  fees: FeeParameters
  energy: EnergyCosts
  startHeight: bigint
  startTimestamp: bigint
  /** Blocks behind the head that count as solidified (java-tron: 19 of 27 witnesses confirmed). */
  solidityLag: number
  blockVersion: number
}

/** Key of a third party; same label, same key, every run. */
export interface Stranger {
  key: Uint8Array
  address: string
}

export class ChainState {
  readonly accounts = new Accounts()
  readonly config: ChainConfig
  readonly blocks: ChainBlock[] = []
  /** Accepted broadcasts not yet in a block, in arrival order; their effects are applied (as java-tron's pending state). */
  readonly pending: ChainTx[] = []
  readonly queue: QueuedTransfer[] = []
  /** Pending transactions that expired before a block took them; dropped, their effects undone. */
  readonly expired: ChainTx[] = []
  readonly #txIndex = new Map<string, { chainTx: ChainTx; block: ChainBlock }>()
  readonly #witnesses: Stranger[] = [stranger('witness-a'), stranger('witness-b')]
  #witnessTurn = 0
  #strangerSeq = 0
  #txSeq = 0

  constructor(config: ChainConfig, initialBlocks: number) {
    this.config = config
    let parent = bytesToHex(sha256(new TextEncoder().encode(`parent of ${config.startHeight}`)))
    parent = (config.startHeight - 1n).toString(16).padStart(16, '0') + parent.slice(16)
    const first = config.startTimestamp - BigInt(initialBlocks - 1) * BLOCK_INTERVAL_MS
    for (let i = 0; i < initialBlocks; i++) {
      const b = this.#makeBlock(config.startHeight + BigInt(i), first + BigInt(i) * BLOCK_INTERVAL_MS, parent, [], this.#witnesses[0]!)
      this.blocks.push(b)
      parent = b.id
    }
  }

  get head(): ChainBlock {
    return this.blocks[this.blocks.length - 1]!
  }

  get solidified(): ChainBlock {
    return this.blocks[Math.max(0, this.blocks.length - 1 - this.config.solidityLag)]!
  }

  blockByNumber(n: bigint): ChainBlock | undefined {
    const i = Number(n - this.blocks[0]!.number)
    return i >= 0 && i < this.blocks.length ? this.blocks[i] : undefined
  }

  blockById(id: string): ChainBlock | undefined {
    const b = this.blockByNumber(BigInt(`0x${id.slice(0, 16)}`))
    return b?.id === id ? b : undefined
  }

  findTx(txid: string): { chainTx: ChainTx; block: ChainBlock } | undefined {
    return this.#txIndex.get(txid)
  }

  isKnown(txid: string): boolean {
    return this.#txIndex.has(txid) || this.pending.some((p) => p.tx.txid === txid)
  }

  executionContext(timestamp: bigint): ExecutionContext {
    return {
      accounts: this.accounts,
      fees: this.config.fees,
      energy: this.config.energy,
      usdtContract: this.config.usdtContract,
      timestamp,
    }
  }

  /** A fresh third party with TRX to spend (and USDT when asked), activated without a transaction. */
  newStranger(trx = 1_000_000_000n, usdt = 0n): Stranger {
    const s = stranger(`stranger-${++this.#strangerSeq}`)
    const a = this.accounts.get(s.address)
    a.exists = true
    a.createTime = this.head.timestamp
    a.balance += trx
    a.usdt += usdt
    return s
  }

  /** Signs a transfer from `key` with TAPOS on the current head, expiring in a minute, as wallets build them. */
  signTransfer(key: Uint8Array, q: Omit<QueuedTransfer, 'from' | 'source'>): DecodedTransaction {
    const head = this.head
    const owner = addressOfPrivateKey(key)
    const contract =
      q.kind === 'trx'
        ? { transfer: { owner_address: owner, to_address: q.to, amount: q.amount } }
        : {
            trigger: {
              owner_address: owner,
              contract_address: this.config.usdtContract,
              data: TRANSFER_SELECTOR + word(BigInt(`0x${q.to.slice(2)}`)) + word(q.amount),
            },
          }
    const raw = encodeRaw({
      refBlockBytes: head.number.toString(16).padStart(16, '0').slice(12),
      refBlockHash: head.id.slice(16, 32),
      expiration: head.timestamp + 60_000n,
      // Distinct timestamps keep two equal transfers from having the same txID.
      timestamp: head.timestamp + BigInt(this.#txSeq++ % 3000),
      ...(q.kind === 'usdt' && { feeLimit: q.feeLimit ?? 100_000_000n }),
      contract,
    })
    const txid = bytesToHex(sha256(raw))
    return decodeTransaction(encodeTransaction(raw, [signTxid(txid, key)]))
  }

  /** Produces one block: the pool first (minus what expired), then queued third-party transfers. */
  mine(timestamp: bigint): ChainBlock {
    const txs: ChainTx[] = []
    for (const p of this.pending.splice(0)) {
      if (p.tx.raw.expiration < timestamp) {
        this.accounts.undo(p.execution.effects)
        this.expired.push(p)
      } else txs.push(p)
    }
    const ctx = this.executionContext(timestamp)
    for (const q of this.queue.splice(0)) {
      const key = this.#keys.get(q.from)
      if (!key) throw new Error(`the double holds no key for queued sender ${q.from}`)
      const tx = this.signTransfer(key, q)
      const ex = execute(tx, ctx)
      if (isRefusal(ex)) throw new Error(`a queued ${q.kind} transfer from ${q.from} was refused: ${ex.message}`)
      txs.push({ tx, execution: ex, source: q.source })
    }
    return this.#append(timestamp, txs)
  }

  readonly #keys = new Map<string, Uint8Array>()

  /** Remembers a stranger's key so queued transfers from it can be signed at mining time. */
  holdKey(s: Stranger): void {
    this.#keys.set(s.address, s.key)
  }

  /**
   * Replaces the last `depth` blocks with `length` others (different ids: another witness signs
   * them). Their transactions are undone; those not in `drop` are executed again in the first
   * replacement block (or returned to the pool with `requeue`), the rest vanish.
   */
  reorg(depth: number, opts: { drop?: readonly string[]; length?: number; requeue?: boolean } = {}): { removed: ChainBlock[] } {
    if (depth < 1 || depth >= this.blocks.length) throw new Error(`cannot reorg ${depth} of ${this.blocks.length} blocks`)
    const removed = this.blocks.splice(this.blocks.length - depth, depth)
    const drop = new Set(opts.drop ?? [])
    const again: DecodedTransaction[] = []
    const sources = new Map<string, TxSource>()
    for (const b of [...removed].reverse()) {
      for (const t of [...b.txs].reverse()) {
        this.accounts.undo(t.execution.effects)
        this.#txIndex.delete(t.tx.txid)
        if (!drop.has(t.tx.txid)) {
          again.unshift(t.tx)
          sources.set(t.tx.txid, t.source)
        }
      }
    }
    this.#witnessTurn++
    const length = opts.length ?? depth
    for (let i = 0; i < length; i++) {
      const ts = removed[i]?.timestamp ?? this.head.timestamp + BLOCK_INTERVAL_MS
      const txs: ChainTx[] = []
      if (i === 0) {
        const ctx = this.executionContext(ts)
        for (const tx of again) {
          const ex = execute(tx, ctx)
          if (isRefusal(ex)) continue
          const chainTx = { tx, execution: ex, source: sources.get(tx.txid) ?? 'broadcast' }
          if (opts.requeue) this.pending.push(chainTx)
          else txs.push(chainTx)
        }
      }
      this.#append(ts, txs)
    }
    return { removed }
  }

  /** Drops an accepted broadcast from the pool, as a node that lost it would: it never lands. */
  dropPending(txid: string): boolean {
    const i = this.pending.findIndex((p) => p.tx.txid === txid)
    if (i < 0) return false
    const [p] = this.pending.splice(i, 1)
    this.accounts.undo(p!.execution.effects)
    return true
  }

  #append(timestamp: bigint, txs: ChainTx[]): ChainBlock {
    const witness = this.#witnesses[this.#witnessTurn % this.#witnesses.length]!
    const b = this.#makeBlock(this.head.number + 1n, timestamp, this.head.id, txs, witness)
    this.blocks.push(b)
    for (const t of txs) this.#txIndex.set(t.tx.txid, { chainTx: t, block: b })
    return b
  }

  #makeBlock(number: bigint, timestamp: bigint, parentHash: string, txs: ChainTx[], witness: Stranger): ChainBlock {
    const txTrieRoot = txTrieRootOf(txs.map((t) => encodeTransaction(t.tx.rawBytes, t.tx.signatures)))
    const fields = { number, timestamp, txTrieRoot, parentHash, witnessAddress: witness.address, version: this.config.blockVersion }
    const raw = encodeHeaderRaw(fields)
    const witnessSignature = bytesToHex(signTxid(bytesToHex(sha256(raw)), witness.key))
    return { ...fields, id: blockIdOf(number, raw), witnessSignature, txs }
  }
}

function stranger(label: string): Stranger {
  const key = labelledKey(label)
  return { key, address: addressOfPrivateKey(key) }
}
