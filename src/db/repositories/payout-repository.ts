import { sql } from 'kysely'
import type { Selectable, UpdateObject } from 'kysely'
import type { Payout, PayoutKind, PayoutStatus, PayoutSigning } from '../../domain/payouts/payout.js'
import type { StoredTransaction } from '../../chains/adapter.js'
import type { ChainCurrencyCode } from '../../money/index.js'
import type { Database, PayoutsTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

type PayoutRow = Selectable<PayoutsTable>

/** The one place a stored payout becomes a domain `Payout`: the casts are checked by its writers (services/payouts/queue-payout.ts). */
function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    kind: row.kind as PayoutKind,
    network: row.network,
    currency: row.currency as ChainCurrencyCode,
    storeId: row.store_id,
    paymentId: row.payment_id,
    fromIndex: row.from_index === null ? null : Number(row.from_index),
    fromAddress: row.from_address,
    toAddress: row.to_address,
    amount: row.amount === null ? null : BigInt(row.amount),
    status: row.status as PayoutStatus,
    nonce: row.nonce === null ? null : Number(row.nonce),
    signedTx: row.signed_tx,
    txHash: row.tx_hash,
    maxFee: row.max_fee === null ? null : BigInt(row.max_fee),
    blockHeight: row.block_height === null ? null : Number(row.block_height),
    confirmations: Number(row.confirmations),
    failureReason: row.failure_reason,
    memo: row.memo,
    replacesId: row.replaces_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function toRow(p: Payout): PayoutsTable {
  return {
    id: p.id,
    kind: p.kind,
    network: p.network,
    currency: p.currency,
    store_id: p.storeId,
    payment_id: p.paymentId,
    from_index: p.fromIndex,
    from_address: p.fromAddress,
    to_address: p.toAddress,
    amount: p.amount?.toString() ?? null,
    status: p.status,
    nonce: p.nonce,
    signed_tx: p.signedTx,
    tx_hash: p.txHash,
    max_fee: p.maxFee?.toString() ?? null,
    block_height: p.blockHeight,
    confirmations: p.confirmations,
    failure_reason: p.failureReason,
    memo: p.memo,
    replaces_id: p.replacesId,
    replaced_txs: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  }
}

/** A confirmed native-coin payment at its own deposit address, not swept yet. */
export interface SweepCandidate {
  paymentId: string
  currency: ChainCurrencyCode
  address: string
  derivationIndex: number
}

/** Where one Swap output's payout stands, as check reports it. */
export interface OutputPayoutState {
  /** 0-based. */
  outputIndex: number
  status: PayoutStatus
  txHash: string | null
}

/** A Swap output whose current payout failed for good. */
export interface FailedOutputPayout {
  trackcode: string
  accountId: string
  /** 0-based. */
  outputIndex: number
  payout: Payout
}

/** Payouts of every kind and the Swap outputs they pay (`payouts`, `swap_payouts`). */
export class PayoutRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /**
   * Writes a new payout; only services/payouts/queue-payout.ts calls this. With `unlessExists`
   * a payout refused by a unique index (one sweep per payment) is skipped: false.
   */
  async insert(p: Payout, opts: { unlessExists?: boolean } = {}): Promise<boolean> {
    let q = this.#ctx.db.insertInto('payouts').values(toRow(p))
    if (opts.unlessExists) q = q.onConflict((oc) => oc.doNothing())
    const r = await q.executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 1n) === 1
  }

  /** One payout; with `storeId`, only if it is that store's. */
  async byId(id: string, storeId?: string): Promise<Payout | undefined> {
    let q = this.#ctx.db.selectFrom('payouts').selectAll().where('id', '=', id)
    if (storeId !== undefined) q = q.where('store_id', '=', storeId)
    const row = await q.executeTakeFirst()
    return row && toPayout(row)
  }

  /** Newest first; one store's, or every payout. */
  async list(opts: { storeId?: string | undefined; limit: number }): Promise<Payout[]> {
    let q = this.#ctx.db.selectFrom('payouts').selectAll()
    if (opts.storeId !== undefined) q = q.where('store_id', '=', opts.storeId)
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()
    return rows.map(toPayout)
  }

  /** A network's payouts in one status, oldest first: the payout worker's work list. */
  async inStatus(network: string, status: PayoutStatus, limit: number): Promise<Payout[]> {
    const rows = await this.#ctx.db
      .selectFrom('payouts')
      .selectAll()
      .where('network', '=', network)
      .where('status', '=', status)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(toPayout)
  }

  /**
   * The transactions signed from this address whose payouts have not ended (signed or
   * broadcast): what the network may not know yet when the next one is signed.
   */
  async inFlightFrom(network: string, fromAddress: string): Promise<StoredTransaction[]> {
    const rows = await this.#ctx.db
      .selectFrom('payouts')
      .select(['tx_hash', 'signed_tx', 'from_address', 'nonce'])
      .where('network', '=', network)
      .where('from_address', '=', fromAddress)
      .where('status', 'in', ['signed', 'broadcast'])
      .execute()
    return rows.map((r) => ({
      txHash: r.tx_hash!,
      rawTransaction: r.signed_tx!,
      fromAddress: r.from_address!,
      nonce: r.nonce === null ? null : Number(r.nonce),
    }))
  }

  /**
   * A fee bump: every payout whose transaction is `oldTxHash` (one, or several paid by the same
   * transaction) takes the replacement, keeps the old one among its earlier transactions and
   * goes back to `signed`, so the worker sends the new bytes. Returns how many moved.
   */
  async replaceTransaction(oldTxHash: string, next: StoredTransaction & { maxFee: bigint }, now: number): Promise<number> {
    const rows = await this.#ctx.db
      .selectFrom('payouts')
      .select(['id', 'signed_tx', 'replaced_txs'])
      .where('tx_hash', '=', oldTxHash)
      .where('status', 'in', ['signed', 'broadcast'])
      .execute()
    for (const r of rows) {
      const earlier = [...parseEarlier(r.replaced_txs), { txHash: oldTxHash, rawTransaction: r.signed_tx! }]
      await this.#ctx.db
        .updateTable('payouts')
        .set({
          tx_hash: next.txHash,
          signed_tx: next.rawTransaction,
          max_fee: next.maxFee.toString(),
          replaced_txs: JSON.stringify(earlier),
          status: 'signed',
          block_height: null,
          confirmations: 0,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .where('tx_hash', '=', oldTxHash)
        .execute()
    }
    return rows.length
  }

  /** The transactions a payout had before its fee bumps, oldest first. */
  async earlierTransactions(id: string): Promise<StoredTransaction[]> {
    const row = await this.#ctx.db.selectFrom('payouts').select(['replaced_txs', 'from_address']).where('id', '=', id).executeTakeFirst()
    return parseEarlier(row?.replaced_txs ?? null).map((t) => ({ ...t, fromAddress: row!.from_address!, nonce: null }))
  }

  /** An earlier transaction of a bumped payout was mined after all: it is the payout's transaction again. */
  async adoptTransaction(id: string, tx: StoredTransaction, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('payouts')
      .set({ tx_hash: tx.txHash, signed_tx: tx.rawTransaction, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'broadcast')
      .execute()
  }

  /** queued → signed, with what signing fixed; false if it was no longer queued. */
  markSigned(id: string, s: PayoutSigning, now: number): Promise<boolean> {
    return this.#move(id, 'queued', {
      status: 'signed',
      from_address: s.fromAddress,
      nonce: s.nonce,
      signed_tx: s.rawTransaction,
      tx_hash: s.txHash,
      amount: s.amount.toString(),
      max_fee: s.maxFee.toString(),
      failure_reason: null,
      updated_at: now,
    })
  }

  /** signed → broadcast; false if it was no longer signed. */
  markBroadcast(id: string, now: number): Promise<boolean> {
    return this.#move(id, 'signed', { status: 'broadcast', failure_reason: null, updated_at: now })
  }

  /**
   * Back to queued after its network said the transaction expired unmined: nothing of it was
   * paid, so the payout is signed anew. Only from the status the caller saw; false otherwise.
   */
  requeue(id: string, from: PayoutStatus, reason: string, now: number): Promise<boolean> {
    return this.#move(id, from, {
      status: 'queued',
      // A sweep sends its address's whole balance, measured again when it is signed anew.
      amount: sql<string | null>`case when kind = 'sweep' then null else amount end`,
      nonce: null,
      signed_tx: null,
      tx_hash: null,
      max_fee: null,
      block_height: null,
      confirmations: 0,
      failure_reason: reason,
      updated_at: now,
    })
  }

  /** Where a broadcast payout's transaction is now: mined at `blockHeight`, or back in the pool (null, 0). */
  async recordDepth(id: string, blockHeight: number | null, confirmations: number, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('payouts')
      .set({ confirmations, block_height: blockHeight, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  /**
   * The end of a payout, only from the status the caller saw (`from`): false if another pass
   * got there first, and then the caller must post nothing.
   */
  async finish(
    id: string,
    from: PayoutStatus,
    to: 'confirmed' | 'failed',
    reason: string | null,
    depth: { blockHeight: number; confirmations: number } | null,
    now: number,
  ): Promise<boolean> {
    return this.#move(id, from, {
      ...(depth && { block_height: depth.blockHeight, confirmations: depth.confirmations }),
      status: to,
      failure_reason: reason,
      updated_at: now,
    })
  }

  /**
   * Every status change is a compare-and-set on the status the caller saw: of two passes that
   * race (or a pass and an operator), one moves the payout and the other is told it did not.
   */
  async #move(id: string, from: PayoutStatus, set: UpdateObject<Database, 'payouts'>): Promise<boolean> {
    const r = await this.#ctx.db.updateTable('payouts').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /** Why a payout is held back (it stays in its status and is tried again). */
  async note(id: string, reason: string, now: number): Promise<void> {
    await this.#ctx.db.updateTable('payouts').set({ failure_reason: reason, updated_at: now }).where('id', '=', id).execute()
  }

  /**
   * Completed payments in `currencies` paid to their own deposit address on `network` that
   * have no sweep yet. The sweep is the question asked, so the query lives with the payouts
   * even though it starts from the payments.
   */
  async paymentsToSweep(network: string, currencies: readonly string[], limit: number): Promise<SweepCandidate[]> {
    if (currencies.length === 0) return []
    const rows = await this.#ctx.db
      .selectFrom('payments')
      .innerJoin('deposit_addresses', (j) =>
        j.onRef('deposit_addresses.network', '=', 'payments.network').onRef('deposit_addresses.address', '=', 'payments.pay_address'),
      )
      .leftJoin('payouts', (j) => j.onRef('payouts.payment_id', '=', 'payments.id').on('payouts.kind', '=', 'sweep'))
      .select(['payments.id', 'payments.currency', 'payments.pay_address', 'deposit_addresses.derivation_index'])
      .where('payments.network', '=', network)
      .where('payments.strategy', '=', 'unique_address')
      .where('payments.currency', 'in', [...currencies])
      .where('payments.status', 'in', ['completed', 'overpaid', 'underpaid'])
      .where('payouts.id', 'is', null)
      .limit(limit)
      .execute()
    return rows.map((r) => ({
      paymentId: r.id,
      currency: r.currency as ChainCurrencyCode,
      address: r.pay_address,
      derivationIndex: Number(r.derivation_index),
    }))
  }

  // Swap outputs (`swap_payouts`): one row per output, naming the payout that sends it.

  /** Links an output to its first payout; false if the output has one (its primary key). */
  async linkOutput(trackcode: string, outputIndex: number, payoutId: string): Promise<boolean> {
    const r = await this.#ctx.db
      .insertInto('swap_payouts')
      .values({ trackcode, output_index: outputIndex, payout_id: payoutId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  /** Moves an output's link from `fromPayoutId` to a new payout; false if it no longer names `fromPayoutId`. */
  async relinkOutput(trackcode: string, outputIndex: number, fromPayoutId: string, toPayoutId: string): Promise<boolean> {
    const r = await this.#ctx.db
      .updateTable('swap_payouts')
      .set({ payout_id: toPayoutId })
      .where('trackcode', '=', trackcode)
      .where('output_index', '=', outputIndex)
      .where('payout_id', '=', fromPayoutId)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /** The outputs of an order that have a payout, and where each stands. */
  async outputStates(trackcode: string): Promise<OutputPayoutState[]> {
    const rows = await this.#ctx.db
      .selectFrom('swap_payouts')
      .innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .select(['swap_payouts.output_index', 'payouts.status', 'payouts.tx_hash'])
      .where('swap_payouts.trackcode', '=', trackcode)
      .execute()
    return rows.map((r) => ({ outputIndex: Number(r.output_index), status: r.status as PayoutStatus, txHash: r.tx_hash }))
  }

  /** The payout an output is linked to now. */
  async outputPayout(trackcode: string, outputIndex: number): Promise<Payout | undefined> {
    const row = await this.#ctx.db
      .selectFrom('swap_payouts')
      .innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .selectAll('payouts')
      .where('swap_payouts.trackcode', '=', trackcode)
      .where('swap_payouts.output_index', '=', outputIndex)
      .executeTakeFirst()
    return row && toPayout(row)
  }

  /** The order whose output a payout sends, if it sends one. */
  async trackcodeOf(payoutId: string): Promise<string | undefined> {
    const row = await this.#ctx.db.selectFrom('swap_payouts').select('trackcode').where('payout_id', '=', payoutId).executeTakeFirst()
    return row?.trackcode
  }

  /** Outputs whose current payout failed for good, oldest failure first. */
  async failedOutputs(limit: number): Promise<FailedOutputPayout[]> {
    const rows = await this.#ctx.db
      .selectFrom('swap_payouts')
      .innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .innerJoin('swap_orders', 'swap_orders.trackcode', 'swap_payouts.trackcode')
      .selectAll('payouts')
      .select(['swap_payouts.trackcode', 'swap_payouts.output_index', 'swap_orders.account_id'])
      .where('payouts.status', '=', 'failed')
      .orderBy('payouts.updated_at')
      .orderBy('payouts.id')
      .limit(limit)
      .execute()
    return rows.map(({ trackcode, output_index, account_id, ...payout }) => ({
      trackcode,
      accountId: account_id,
      outputIndex: Number(output_index),
      payout: toPayout(payout),
    }))
  }

  /** Of these orders, those with a payout still on its way or failed: their records must stay. */
  async unsettledOrders(trackcodes: readonly string[]): Promise<Set<string>> {
    if (trackcodes.length === 0) return new Set()
    const rows = await this.#ctx.db
      .selectFrom('swap_payouts')
      .innerJoin('payouts', 'payouts.id', 'swap_payouts.payout_id')
      .select('swap_payouts.trackcode')
      .distinct()
      .where('swap_payouts.trackcode', 'in', [...trackcodes])
      .where('payouts.status', 'in', ['queued', 'signed', 'broadcast', 'failed'])
      .execute()
    return new Set(rows.map((r) => r.trackcode))
  }

  /** Retention: the output links of purged orders (their payouts stay, as history). */
  async dropOutputLinks(trackcodes: readonly string[]): Promise<void> {
    if (trackcodes.length === 0) return
    await this.#ctx.db
      .deleteFrom('swap_payouts')
      .where('trackcode', 'in', [...trackcodes])
      .execute()
  }

  // Reads for the dashboard

  /** Payouts on their way (queued, signed, broadcast) and those failed for good, for the operator's overview. */
  async overviewCounts(): Promise<{ inFlight: number; failed: number }> {
    const count = (statuses: readonly PayoutStatus[]) =>
      this.#ctx.db
        .selectFrom('payouts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', statuses)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n))
    const [inFlight, failed] = await Promise.all([count(['queued', 'signed', 'broadcast']), count(['failed'])])
    return { inFlight, failed }
  }
}

function parseEarlier(text: string | null): Array<{ txHash: string; rawTransaction: string }> {
  return text === null ? [] : (JSON.parse(text) as Array<{ txHash: string; rawTransaction: string }>)
}
