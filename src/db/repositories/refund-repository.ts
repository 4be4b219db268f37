import type { PayoutStatus } from '../../domain/payouts/payout.js'
import type { Refund } from '../../domain/refunds/refund.js'
import type { CurrencyCode } from '../../money/index.js'
import type { RefundsTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/** A new refund as written; its payout comes later (or at once, in the same unit of work). */
export type NewRefund = Pick<Refund, 'id' | 'paymentId' | 'storeId' | 'currency' | 'amount' | 'token' | 'reason' | 'createdAt'>

/** Refunds (`refunds`), read with the state of the payout that sends each. */
export class RefundRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  #select() {
    return this.#ctx.db
      .selectFrom('refunds')
      .leftJoin('payouts', 'payouts.id', 'refunds.payout_id')
      .select([
        'refunds.id',
        'refunds.payment_id',
        'refunds.store_id',
        'refunds.currency',
        'refunds.amount',
        'refunds.token',
        'refunds.address',
        'refunds.reason',
        'refunds.payout_id',
        'refunds.cancelled_at',
        'refunds.created_at',
        'refunds.updated_at',
        'payouts.status as payout_status',
        'payouts.tx_hash as payout_tx_hash',
        'payouts.network as payout_network',
      ])
  }

  async insert(r: NewRefund): Promise<void> {
    await this.#ctx.db
      .insertInto('refunds')
      .values({
        id: r.id,
        payment_id: r.paymentId,
        store_id: r.storeId,
        currency: r.currency,
        amount: r.amount.toString(),
        token: r.token,
        address: null,
        reason: r.reason,
        payout_id: null,
        cancelled_at: null,
        created_at: r.createdAt,
        updated_at: r.createdAt,
      })
      .execute()
  }

  /** A payment's refunds, oldest first. */
  async ofPayment(paymentId: string): Promise<Refund[]> {
    const rows = await this.#select()
      .where('refunds.payment_id', '=', paymentId)
      .orderBy('refunds.created_at')
      .orderBy('refunds.id')
      .execute()
    return rows.map(toRefund)
  }

  async byToken(token: string): Promise<Refund | undefined> {
    const row = await this.#select().where('refunds.token', '=', token).executeTakeFirst()
    return row && toRefund(row)
  }

  async byPayoutId(payoutId: string): Promise<Refund | undefined> {
    const row = await this.#select().where('refunds.payout_id', '=', payoutId).executeTakeFirst()
    return row && toRefund(row)
  }

  /**
   * Names the payout that sends the refund, and the address it goes to, only while it has
   * none: of two submissions of the same link, one links its payout and the other is told
   * false (and must write nothing).
   */
  async attachPayout(refundId: string, payoutId: string, address: string, now: number): Promise<boolean> {
    const r = await this.#ctx.db
      .updateTable('refunds')
      .set({ payout_id: payoutId, address, updated_at: now })
      .where('id', '=', refundId)
      .where('payout_id', 'is', null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /**
   * Cancels a refund whose address is still awaited, only then: of a cancel and the buyer's
   * submission that race, exactly one changes the row (each checks the other's column).
   */
  async cancel(refundId: string, now: number): Promise<boolean> {
    const r = await this.#ctx.db
      .updateTable('refunds')
      .set({ cancelled_at: now, updated_at: now })
      .where('id', '=', refundId)
      .where('payout_id', 'is', null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
}

/** A refund's row joined with the state of the payout that sends it. */
type RefundRow = RefundsTable & {
  payout_status: string | null
  payout_tx_hash: string | null
  payout_network: string | null
}

function toRefund(r: RefundRow): Refund {
  return {
    id: r.id,
    paymentId: r.payment_id,
    storeId: r.store_id,
    currency: r.currency as CurrencyCode,
    amount: BigInt(r.amount),
    token: r.token,
    address: r.address,
    reason: r.reason,
    payoutId: r.payout_id,
    payoutStatus: r.payout_status as PayoutStatus | null,
    txHash: r.payout_tx_hash,
    network: r.payout_network,
    cancelledAt: r.cancelled_at === null ? null : Number(r.cancelled_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}
