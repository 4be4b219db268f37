import type { Logger } from 'pino'
import type { ChainAdapter, ObservedTransfer, TransferGoneReason } from '../../chains/adapter.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { matchTransfer } from '../../services/payments/match-transfer.js'
import { reconcilePayment } from '../../services/payments/reconcile-payment.js'
import type { PaymentEngineDeps } from '../../services/payments/payment-engine-deps.js'

export interface WatchResult {
  /** Blocks newly applied in this pass. */
  applied: number
  /** Blocks rolled back because the chain replaced them. */
  rolledBack: number
  tip: number | null
}

/** Blocks applied per pass, so a long catch-up yields to other work between passes. */
const MAX_BLOCKS_PER_PASS = 200
/** Block hashes kept to detect reorganisations; deeper reorgs than this are not followed. */
const KEPT_BLOCKS = 1000

/**
 * Follows one network: rolls back blocks the chain no longer has, applies new blocks and the
 * mempool, matches transfers to payments and re-evaluates every payment whose facts changed.
 * The cursor (last applied block) is in the database, so a restart resumes where it stopped.
 */
export class ChainWatcher {
  readonly #deps: PaymentEngineDeps
  readonly #adapter: ChainAdapter
  readonly #log: Logger
  /** Highest derivation index handed to the adapter's address filter so far. */
  #watchedUpTo = -1

  constructor(deps: PaymentEngineDeps, adapter: ChainAdapter, log: Logger) {
    this.#deps = deps
    this.#adapter = adapter
    this.#log = log.child({ network: adapter.network })
  }

  get network(): string {
    return this.#adapter.network
  }

  /** The network's own poll interval, if its configuration sets one. */
  get pollIntervalMs(): number | undefined {
    return this.#adapter.pollIntervalMs
  }

  async runOnce(): Promise<WatchResult> {
    const network = this.#adapter.network
    const watch = this.#adapter.watch
    const repos = this.#deps.repos
    const tip = await watch.getTip()
    // After the tip, not before: a transfer in a block up to this tip was sent after its
    // address was handed out, so that address is committed and loaded here.
    await this.#feedWatchedAddresses()
    const affected = new Set<string>()
    let rolledBack = 0

    // 1. Walk back from the cursor until our stored block matches the chain's.
    let height = (await repos.chain.cursorHeight(network)) ?? (tip && watch.startHeight ? watch.startHeight(tip) - 1 : -1)
    while (height >= 0) {
      const storedHash = await repos.chain.blockHash(network, height)
      if (storedHash === undefined) break
      const onChain = watch.getBlockRef ? await watch.getBlockRef(height) : await watch.getBlock(height)
      if (onChain && onChain.hash === storedHash) break
      const dropped = height
      await repos.transaction(async (tx) => {
        for (const id of await tx.chain.orphanBlockTransfers(network, storedHash)) affected.add(id)
        await tx.chain.deleteBlock(network, dropped)
        await this.#setCursor(tx, dropped - 1)
      })
      rolledBack++
      height--
    }
    if (rolledBack > 0) this.#log.warn({ rolledBack, height }, 'chain reorganisation: rolled back blocks')

    // 2. Apply new blocks, each in its own transaction together with the cursor.
    let applied = 0
    let prevHash = height >= 0 ? await repos.chain.blockHash(network, height) : undefined
    while (tip && height < tip.height && applied < MAX_BLOCKS_PER_PASS) {
      const block = await watch.getBlock(height + 1)
      // A parent mismatch means the chain moved under us mid-pass; the next pass rolls back.
      if (!block || (prevHash !== undefined && block.parentHash !== prevHash)) break
      await repos.transaction(async (tx) => {
        for (const t of block.transfers) await this.#record(tx, t, block.height, block.hash, affected)
        await tx.chain.insertBlock(network, block.height, block.hash, block.parentHash)
        await tx.chain.pruneBlocksBelow(network, block.height - KEPT_BLOCKS)
        await this.#setCursor(tx, block.height, block.hash)
      })
      height = block.height
      prevHash = block.hash
      applied++
    }

    // 3. The mempool: transfers with no block yet (0 confirmations).
    const mempool = await watch.getMempool()
    if (mempool.length > 0) {
      await repos.transaction(async (tx) => {
        for (const t of mempool) await this.#record(tx, t, null, null, affected)
      })
    }
    // Only when every block up to the tip is applied: a transfer mined in a block still to
    // come is out of the pool too, and is not gone.
    if (watch.followsMempool && tip && height === tip.height) await this.#forgetGone(mempool, affected)

    // 4. Re-evaluate what changed: touched payments, and every payment with money still
    // unconfirmed (confirming, a partial or underpaid payment, a top-up), whose depth grew.
    if (applied > 0 || rolledBack > 0) {
      for (const id of await repos.payments.idsWithUnconfirmedMoney(network)) affected.add(id)
    }
    for (const id of affected) {
      await repos.transaction((tx) => reconcilePayment(this.#deps, tx, id))
    }
    return { applied, rolledBack, tip: tip?.height ?? null }
  }

  /**
   * Tells an address-filtering adapter (a real network) about deposit addresses (payments' and
   * swap orders') made since the
   * last pass, here or by another process. Such networks count indexes per network, and the
   * counter row is locked until its transaction commits, so indexes become visible in order
   * and "above the last one seen" misses none.
   */
  async #feedWatchedAddresses(): Promise<void> {
    const watch = this.#adapter.watch
    if (!watch.watchAddresses) return
    // Payments' and swap orders' addresses share the counter; the repository reads both in
    // one statement, so both come from one snapshot and no index is passed over between reads.
    const found = await this.#deps.repos.depositAddresses.watchedAbove(this.#adapter.network, this.#watchedUpTo)
    if (found.addresses.length === 0) return
    watch.watchAddresses(found.addresses)
    this.#watchedUpTo = Math.max(this.#watchedUpTo, found.highestIndex)
  }

  /**
   * Unconfirmed transfers no longer in the pool nor in a block (replaced, double spent,
   * evicted) stop counting: their payments go back to what the rest pays.
   */
  async #forgetGone(mempool: readonly ObservedTransfer[], affected: Set<string>): Promise<void> {
    const network = this.#adapter.network
    const inPool = new Set(mempool.map((t) => `${network}:${t.txHash}:${t.outputIndex}`))
    const reasons = new Map<string, TransferGoneReason | 'present'>()
    for (const t of await this.#deps.repos.chain.unconfirmedTransfers(network)) {
      if (inPool.has(t.id)) continue
      let reason = reasons.get(t.txHash)
      if (reason === undefined) {
        reason = this.#adapter.watch.whyGone ? await this.#adapter.watch.whyGone(t.txHash) : 'dropped'
        reasons.set(t.txHash, reason)
      }
      if (reason === 'present') continue
      await this.#deps.repos.chain.markGone(t.id, reason)
      if (t.paymentId) affected.add(t.paymentId)
      this.#log.warn({ txHash: t.txHash, payment: t.paymentId, reason }, 'unconfirmed transfer left the mempool unmined')
    }
  }

  /** Inserts or moves a transfer; a transfer seen for the first time is matched to a payment. */
  async #record(
    tx: Repositories,
    t: ObservedTransfer,
    blockHeight: number | null,
    blockHash: string | null,
    affected: Set<string>,
  ): Promise<void> {
    const network = this.#adapter.network
    const id = `${network}:${t.txHash}:${t.outputIndex}`
    const existing = await tx.chain.transfer(id)
    if (existing) {
      // Already known: only a move into a (new) block or back from orphaned changes anything.
      if (blockHash === null && !existing.orphaned) return
      if (existing.blockHash === blockHash && !existing.orphaned) return
      await tx.chain.moveTransfer(id, blockHeight, blockHash)
      if (existing.paymentId) affected.add(existing.paymentId)
      return
    }
    const now = this.#deps.now()
    // The hot wallet's own coins are kept for its payouts to spend, and pay no payment.
    const match = t.toOwnWallet ? { kind: 'own' as const } : await matchTransfer(tx, network, t, now)
    if (match.kind === 'not-ours') return
    await tx.chain.insertTransfer({
      id,
      network,
      currency: t.currency,
      txHash: t.txHash,
      outputIndex: t.outputIndex,
      toAddress: t.toAddress,
      amount: t.amount,
      blockHeight,
      blockHash,
      firstSeenAt: now,
      paymentId: match.kind === 'payment' ? match.paymentId : null,
      unmatched: match.kind === 'unmatched',
    })
    if (match.kind === 'payment') affected.add(match.paymentId)
    else if (match.kind === 'unmatched')
      this.#log.warn({ txHash: t.txHash, address: t.toAddress, amount: t.amount.toString() }, 'unmatched deposit recorded')
  }

  async #setCursor(tx: Repositories, height: number, hash = ''): Promise<void> {
    await tx.chain.setCursor(this.#adapter.network, height, hash, this.#deps.now())
  }
}
