import type { RepositoryContext } from './repository-context.js'

/** What the chain watchers know of each network (`chain_cursors`, `chain_blocks`, `chain_transfers`). */
export class ChainRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  // Reads for swap order funding

  /** Transfers recorded to these addresses on `network`, orphaned ones left out, by address. */
  async transfersToAddresses(network: string, addresses: readonly string[]): Promise<Map<string, { amount: bigint; blockHeight: number | null }[]>> {
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

  /** The height of the last block the watcher applied on `network`; undefined before the first. */
  async cursorHeight(network: string): Promise<number | undefined> {
    const row = await this.#ctx.db.selectFrom('chain_cursors').select('height').where('network', '=', network).executeTakeFirst()
    return row?.height
  }

  // Reads for the dashboard

  /** The transfers matched to a payment, orphaned ones too, in the order they were first seen. */
  async transfersOfPayment(paymentId: string): Promise<PaymentTransferRecord[]> {
    const rows = await this.#ctx.db
      .selectFrom('chain_transfers')
      .select(['tx_hash', 'amount', 'block_height', 'first_seen_at', 'orphaned'])
      .where('payment_id', '=', paymentId)
      .orderBy('first_seen_at')
      .execute()
    return rows.map((t) => ({
      txHash: t.tx_hash,
      amount: BigInt(t.amount),
      blockHeight: t.block_height === null ? null : Number(t.block_height),
      firstSeenAt: Number(t.first_seen_at),
      orphaned: t.orphaned === 1,
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
}

/** Where a network's watcher stands. */
export interface ChainCursorRecord {
  network: string
  height: number
  updatedAt: number
}
