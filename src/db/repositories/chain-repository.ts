import type { ReceivedOutput, TransferGoneReason } from '../../chains/adapter.js'
import type { RepositoryContext } from './repository-context.js'

/** A transfer to one of Kassa's addresses, as a watcher first records it. */
export interface NewChainTransfer {
  /** `network:txHash:outputIndex`. */
  id: string
  network: string
  currency: string
  txHash: string
  outputIndex: number
  toAddress: string
  amount: bigint
  /** null while in the mempool. */
  blockHeight: number | null
  blockHash: string | null
  firstSeenAt: number
  paymentId: string | null
  /** To a store's address but fits no open payment: kept for the merchant to see and assign. */
  unmatched: boolean
}

/** What a watcher needs to know of a transfer it sees again. */
export interface KnownTransfer {
  paymentId: string | null
  blockHash: string | null
  orphaned: boolean
}

/** A transfer as a payment's evaluation counts it. */
export interface PaymentTransfer {
  amount: bigint
  blockHeight: number | null
  txHash: string
  firstSeenAt: number
}

/** A transfer to a store's address that matched no payment: late, wrong amount, wrong token. */
export interface UnmatchedDeposit {
  id: string
  storeId: string
  network: string
  currency: string
  txHash: string
  toAddress: string
  amount: bigint
  confirmed: boolean
  firstSeenAt: number
}

/** What the chain watchers know of each network (`chain_cursors`, `chain_blocks`, `chain_transfers`). */
export class ChainRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  /** The height of the last block the watcher applied on `network`; undefined before the first. */
  async cursorHeight(network: string): Promise<number | undefined> {
    const row = await this.#ctx.db.selectFrom('chain_cursors').select('height').where('network', '=', network).executeTakeFirst()
    return row?.height
  }

  async setCursor(network: string, height: number, hash: string, now: number): Promise<void> {
    await this.#ctx.db
      .insertInto('chain_cursors')
      .values({ network, height, hash, updated_at: now })
      .onConflict((oc) => oc.column('network').doUpdateSet({ height, hash, updated_at: now }))
      .execute()
  }

  /** The hash of the applied block at `height`, while it is among the kept ones. */
  async blockHash(network: string, height: number): Promise<string | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chain_blocks')
      .select('hash')
      .where('network', '=', network)
      .where('height', '=', height)
      .executeTakeFirst()
    return row?.hash
  }

  async insertBlock(network: string, height: number, hash: string, parentHash: string): Promise<void> {
    await this.#ctx.db.insertInto('chain_blocks').values({ network, height, hash, parent_hash: parentHash }).execute()
  }

  async deleteBlock(network: string, height: number): Promise<void> {
    await this.#ctx.db.deleteFrom('chain_blocks').where('network', '=', network).where('height', '=', height).execute()
  }

  /** Forgets blocks below `height`: reorganisations deeper than what is kept are not followed. */
  async pruneBlocksBelow(network: string, height: number): Promise<void> {
    await this.#ctx.db.deleteFrom('chain_blocks').where('network', '=', network).where('height', '<', height).execute()
  }

  /** Marks the transfers of a dropped block orphaned; returns the payments they paid. */
  async orphanBlockTransfers(network: string, blockHash: string): Promise<string[]> {
    const rows = await this.#ctx.db
      .updateTable('chain_transfers')
      .set({ orphaned: 1 })
      .where('network', '=', network)
      .where('block_hash', '=', blockHash)
      .returning('payment_id')
      .execute()
    return rows.flatMap((r) => (r.payment_id ? [r.payment_id] : []))
  }

  async transfer(id: string): Promise<KnownTransfer | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['payment_id', 'block_hash', 'orphaned'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : { paymentId: row.payment_id, blockHash: row.block_hash, orphaned: row.orphaned === 1 }
  }

  /** A known transfer moved into a (new) block, or back into the mempool, and is no longer orphaned. */
  async moveTransfer(id: string, blockHeight: number | null, blockHash: string | null): Promise<void> {
    await this.#ctx.db
      .updateTable('chain_transfers')
      .set({ block_height: blockHeight, block_hash: blockHash, orphaned: 0, gone: null })
      .where('id', '=', id)
      .execute()
  }

  /** Transfers on `network` seen in the mempool and in no block yet (orphaned ones left out). */
  async unconfirmedTransfers(network: string): Promise<Array<{ id: string; txHash: string; paymentId: string | null }>> {
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['id', 'tx_hash', 'payment_id'])
      .where('network', '=', network)
      .where('block_hash', 'is', null)
      .where('orphaned', '=', 0)
      .execute()
    return rows.map((r) => ({ id: r.id, txHash: r.tx_hash, paymentId: r.payment_id }))
  }

  /** An unconfirmed transfer left the mempool unmined: it no longer counts, and why is kept. */
  async markGone(id: string, reason: TransferGoneReason): Promise<void> {
    await this.#ctx.db
      .updateTable('chain_transfers')
      .set({ orphaned: 1, gone: reason })
      .where('id', '=', id)
      .where('block_hash', 'is', null)
      .execute()
  }

  /**
   * Outputs paid to `address` in a block still on the chain (the hot wallet's coins, a deposit
   * address's), whether spent since or not: the adapter asks its node which still are.
   */
  async receivedBy(network: string, address: string): Promise<ReceivedOutput[]> {
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['tx_hash', 'output_index', 'amount'])
      .where('network', '=', network)
      .where('to_address', '=', address)
      .where('orphaned', '=', 0)
      .where('block_hash', 'is not', null)
      .execute()
    return rows.map((r) => ({ txHash: r.tx_hash, outputIndex: Number(r.output_index), amount: BigInt(r.amount) }))
  }

  async insertTransfer(t: NewChainTransfer): Promise<void> {
    await this.#ctx.db
      .insertInto('chain_transfers')
      .values({
        id: t.id,
        network: t.network,
        currency: t.currency,
        tx_hash: t.txHash,
        output_index: t.outputIndex,
        to_address: t.toAddress,
        amount: t.amount.toString(),
        block_height: t.blockHeight,
        block_hash: t.blockHash,
        first_seen_at: t.firstSeenAt,
        payment_id: t.paymentId,
        unmatched: t.unmatched ? 1 : 0,
        orphaned: 0,
        gone: null,
      })
      .execute()
  }

  /** The transfers a payment has on chain now (orphaned ones left out), first seen first. */
  async paymentTransfers(paymentId: string): Promise<PaymentTransfer[]> {
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['amount', 'block_height', 'tx_hash', 'first_seen_at'])
      .where('payment_id', '=', paymentId)
      .where('orphaned', '=', 0)
      .orderBy('first_seen_at')
      .orderBy('id')
      .execute()
    return rows.map((t) => ({ amount: BigInt(t.amount), blockHeight: t.block_height, txHash: t.tx_hash, firstSeenAt: t.first_seen_at }))
  }

  /**
   * Unmatched deposits still on chain, of one store or all, oldest first. The store is the
   * owner of the receiving address: read from deposit_addresses in the same statement.
   */
  async unmatchedDeposits(storeId?: string): Promise<UnmatchedDeposit[]> {
    let q = this.#ctx.db
      .selectFrom('chain_transfers')
      .innerJoin('deposit_addresses', (j) =>
        j
          .onRef('deposit_addresses.network', '=', 'chain_transfers.network')
          .onRef('deposit_addresses.address', '=', 'chain_transfers.to_address'),
      )
      .select([
        'chain_transfers.id',
        'deposit_addresses.store_id',
        'chain_transfers.network',
        'chain_transfers.currency',
        'chain_transfers.tx_hash',
        'chain_transfers.to_address',
        'chain_transfers.amount',
        'chain_transfers.block_height',
        'chain_transfers.first_seen_at',
      ])
      .where('chain_transfers.unmatched', '=', 1)
      .where('chain_transfers.orphaned', '=', 0)
    if (storeId) q = q.where('deposit_addresses.store_id', '=', storeId)
    const rows = await q.orderBy('chain_transfers.first_seen_at').execute()
    return rows.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      network: r.network,
      currency: r.currency,
      txHash: r.tx_hash,
      toAddress: r.to_address,
      amount: BigInt(r.amount),
      confirmed: r.block_height !== null,
      firstSeenAt: r.first_seen_at,
    }))
  }

  /** One unmatched deposit still on chain, with its store; undefined when it is not one (any more). */
  async unmatchedDeposit(id: string): Promise<Pick<UnmatchedDeposit, 'id' | 'storeId' | 'currency'> | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chain_transfers')
      .innerJoin('deposit_addresses', (j) =>
        j
          .onRef('deposit_addresses.network', '=', 'chain_transfers.network')
          .onRef('deposit_addresses.address', '=', 'chain_transfers.to_address'),
      )
      .select(['chain_transfers.id', 'chain_transfers.currency', 'deposit_addresses.store_id'])
      .where('chain_transfers.id', '=', id)
      .where('chain_transfers.unmatched', '=', 1)
      .where('chain_transfers.orphaned', '=', 0)
      .executeTakeFirst()
    return row === undefined ? undefined : { id: row.id, storeId: row.store_id, currency: row.currency }
  }

  /** Attaches an unmatched deposit to a payment: from now on it counts for that payment. */
  async assignTransfer(id: string, paymentId: string): Promise<void> {
    await this.#ctx.db.updateTable('chain_transfers').set({ payment_id: paymentId, unmatched: 0 }).where('id', '=', id).execute()
  }

  // Reads for swap order funding

  /** Transfers recorded to these addresses on `network`, orphaned ones left out, by address. */
  async transfersToAddresses(
    network: string,
    addresses: readonly string[],
  ): Promise<Map<string, { amount: bigint; blockHeight: number | null }[]>> {
    const out = new Map<string, { amount: bigint; blockHeight: number | null }[]>()
    if (addresses.length === 0) return out
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['to_address', 'amount', 'block_height'])
      .where('network', '=', network)
      .where('to_address', 'in', [...addresses])
      .where('orphaned', '=', 0)
      .execute()
    for (const r of rows) {
      let list = out.get(r.to_address)
      if (!list) out.set(r.to_address, (list = []))
      list.push({ amount: BigInt(r.amount), blockHeight: r.block_height === null ? null : Number(r.block_height) })
    }
    return out
  }

  // Reads for the dashboard

  /** The transfers matched to a payment, orphaned ones too, in the order they were first seen. */
  async transfersOfPayment(paymentId: string): Promise<PaymentTransferRecord[]> {
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['tx_hash', 'amount', 'block_height', 'first_seen_at', 'orphaned', 'gone'])
      .where('payment_id', '=', paymentId)
      .orderBy('first_seen_at')
      .execute()
    return rows.map((t) => ({
      txHash: t.tx_hash,
      amount: BigInt(t.amount),
      blockHeight: t.block_height === null ? null : Number(t.block_height),
      firstSeenAt: Number(t.first_seen_at),
      orphaned: t.orphaned === 1,
      gone: t.gone as TransferGoneReason | null,
    }))
  }

  /** Every network's cursor (the operator's Networks page). */
  async cursors(): Promise<ChainCursorRecord[]> {
    const rows = await this.#ctx.db.selectFrom('chain_cursors').select(['network', 'height', 'updated_at']).execute()
    return rows.map((c) => ({ network: c.network, height: Number(c.height), updatedAt: Number(c.updated_at) }))
  }

  /** Unmatched deposits not dropped by a reorganisation, for the operator's overview. */
  async countUnmatched(): Promise<number> {
    const r = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unmatched', '=', 1)
      .where('orphaned', '=', 0)
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }
}

/** A transfer to a payment's address, as the payment's timeline shows it. */
export interface PaymentTransferRecord {
  txHash: string
  amount: bigint
  /** Null while in the mempool. */
  blockHeight: number | null
  firstSeenAt: number
  orphaned: boolean
  /** Why it left the mempool unmined; null for one in a block, or orphaned by a reorganisation. */
  gone: TransferGoneReason | null
}

/** Where a network's watcher stands. */
export interface ChainCursorRecord {
  network: string
  height: number
  updatedAt: number
}
