import type { Logger } from 'pino'
import type { ChainAdapter, ObservedTransfer } from '../../chains/adapter.js'
import type { Database } from '../../db/schema.js'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
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
    const db = this.#deps.db
    const tip = await watch.getTip()
    // After the tip, not before: a transfer in a block up to this tip was sent after its
    // address was handed out, so that address is committed and loaded here.
    await this.#feedWatchedAddresses()
    const affected = new Set<string>()
    let rolledBack = 0

    // 1. Walk back from the cursor until our stored block matches the chain's.
    const cursor = await db.selectFrom('chain_cursors').selectAll().where('network', '=', network).executeTakeFirst()
    let height = cursor ? cursor.height : -1
    while (height >= 0) {
      const stored = await db.selectFrom('chain_blocks').selectAll().where('network', '=', network).where('height', '=', height).executeTakeFirst()
      if (!stored) break
      const onChain = watch.getBlockRef ? await watch.getBlockRef(height) : await watch.getBlock(height)
      if (onChain && onChain.hash === stored.hash) break
      await db.transaction().execute(async (trx) => {
        const dropped = await trx
          .updateTable('chain_transfers')
          .set({ orphaned: 1 })
          .where('network', '=', network)
          .where('block_hash', '=', stored.hash)
          .returning('payment_id')
          .execute()
        for (const d of dropped) if (d.payment_id) affected.add(d.payment_id)
        await trx.deleteFrom('chain_blocks').where('network', '=', network).where('height', '=', height).execute()
        await this.#setCursor(trx, height - 1)
      })
      rolledBack++
      height--
    }
    if (rolledBack > 0) this.#log.warn({ rolledBack, height }, 'chain reorganisation: rolled back blocks')

    // 2. Apply new blocks, each in its own transaction together with the cursor.
    let applied = 0
    let prevHash = height >= 0
      ? (await db.selectFrom('chain_blocks').select('hash').where('network', '=', network).where('height', '=', height).executeTakeFirst())?.hash
      : undefined
    while (tip && height < tip.height && applied < MAX_BLOCKS_PER_PASS) {
      const block = await watch.getBlock(height + 1)
      // A parent mismatch means the chain moved under us mid-pass; the next pass rolls back.
      if (!block || (prevHash !== undefined && block.parentHash !== prevHash)) break
      await db.transaction().execute(async (trx) => {
        for (const t of block.transfers) await this.#record(trx, t, block.height, block.hash, affected)
        await trx.insertInto('chain_blocks').values({ network, height: block.height, hash: block.hash, parent_hash: block.parentHash }).execute()
        await trx.deleteFrom('chain_blocks').where('network', '=', network).where('height', '<', block.height - KEPT_BLOCKS).execute()
        await this.#setCursor(trx, block.height, block.hash)
      })
      height = block.height
      prevHash = block.hash
      applied++
    }

    // 3. The mempool: transfers with no block yet (0 confirmations).
    const mempool = await watch.getMempool()
    if (mempool.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const t of mempool) await this.#record(trx, t, null, null, affected)
      })
    }

    // 4. Re-evaluate what changed: touched payments, and every payment with money still
    // unconfirmed (confirming, a partial or underpaid payment, a top-up), whose depth grew.
    // `ledger_pending > '0'` compares as text on SQLite and as a number on PostgreSQL; both
    // hold for exactly the positive amounts, the rows of the partial index payments_unconfirmed.
    if (applied > 0 || rolledBack > 0) {
      const counting = await db
        .selectFrom('payments')
        .select('id')
        .where('network', '=', network)
        .where(sql.ref('ledger_pending'), '>', sql.lit('0')) // a literal, so the partial index applies
        .execute()
      for (const c of counting) affected.add(c.id)
    }
    for (const id of affected) {
      await db.transaction().execute((trx) => reconcilePayment(this.#deps, trx, id))
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
    // Payments' and swap orders' addresses share the counter; one statement reads both, so both
    // come from one snapshot and no index can be passed over between two reads.
    const network = this.#adapter.network
    const rows = await this.#deps.db
      .selectFrom('deposit_addresses')
      .select(['address', 'derivation_index as idx'])
      .where('network', '=', network)
      .where('derivation_index', '>', this.#watchedUpTo)
      .unionAll((db) =>
        db
          .selectFrom('swap_orders')
          .select(['deposit_address as address', 'deposit_index as idx'])
          .where('chain_network', '=', network)
          .where('deposit_index', '>', this.#watchedUpTo)
          .$narrowType<{ idx: number }>())
      .execute()
    if (rows.length === 0) return
    watch.watchAddresses(rows.map((r) => r.address))
    // A loop, not Math.max(...rows): the first pass may load a million rows, past the
    // number of arguments a call can take.
    for (const r of rows) this.#watchedUpTo = Math.max(this.#watchedUpTo, Number(r.idx))
  }

  /** Inserts or moves a transfer; a transfer seen for the first time is matched to a payment. */
  async #record(
    trx: Kysely<Database>,
    t: ObservedTransfer,
    blockHeight: number | null,
    blockHash: string | null,
    affected: Set<string>,
  ): Promise<void> {
    const network = this.#adapter.network
    const id = `${network}:${t.txHash}:${t.outputIndex}`
    const existing = await trx.selectFrom('chain_transfers').select(['payment_id', 'block_hash', 'orphaned']).where('id', '=', id).executeTakeFirst()
    if (existing) {
      // Already known: only a move into a (new) block or back from orphaned changes anything.
      if (blockHash === null && existing.orphaned === 0) return
      if (existing.block_hash === blockHash && existing.orphaned === 0) return
      await trx.updateTable('chain_transfers').set({ block_height: blockHeight, block_hash: blockHash, orphaned: 0 }).where('id', '=', id).execute()
      if (existing.payment_id) affected.add(existing.payment_id)
      return
    }
    const now = this.#deps.now()
    const match = await matchTransfer(trx, network, t, now)
    if (match.kind === 'not-ours') return
    await trx
      .insertInto('chain_transfers')
      .values({
        id,
        network,
        currency: t.currency,
        tx_hash: t.txHash,
        output_index: t.outputIndex,
        to_address: t.toAddress,
        amount: t.amount.toString(),
        block_height: blockHeight,
        block_hash: blockHash,
        first_seen_at: now,
        payment_id: match.kind === 'payment' ? match.paymentId : null,
        unmatched: match.kind === 'unmatched' ? 1 : 0,
        orphaned: 0,
      })
      .execute()
    if (match.kind === 'payment') affected.add(match.paymentId)
    else if (match.kind === 'unmatched') this.#log.warn({ txHash: t.txHash, address: t.toAddress, amount: t.amount.toString() }, 'unmatched deposit recorded')
  }

  async #setCursor(trx: Kysely<Database>, height: number, hash = ''): Promise<void> {
    const now = this.#deps.now()
    await trx
      .insertInto('chain_cursors')
      .values({ network: this.#adapter.network, height, hash, updated_at: now })
      .onConflict((oc) => oc.column('network').doUpdateSet({ height, hash, updated_at: now }))
      .execute()
  }
}
