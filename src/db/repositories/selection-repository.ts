import type { Selectable } from 'kysely'
import type { Selection, SelectionSource } from '../../domain/payments/selection.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import type { SelectionsTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

type SelectionRow = Selectable<SelectionsTable>

/** The casts are checked where selections are written: by createPayment, from a store's currencies. */
function toSelection(row: SelectionRow): Selection {
  return {
    token: row.token,
    storeId: row.store_id,
    amount: BigInt(row.amount),
    baseCurrency: row.base_currency as CurrencyCode,
    fiatAmount: row.fiat_amount,
    fiatCurrency: row.fiat_currency as FiatCode | null,
    orderId: row.order_id,
    metadata: row.metadata,
    paymentId: row.payment_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    source: row.source as SelectionSource | null,
    redirectUrl: row.redirect_url,
  }
}

/** Multi-currency payments waiting for the buyer's pick (`selections`). */
export class SelectionRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  async insert(s: Selection): Promise<void> {
    await this.#ctx.db
      .insertInto('selections')
      .values({
        token: s.token,
        store_id: s.storeId,
        amount: s.amount.toString(),
        base_currency: s.baseCurrency,
        fiat_amount: s.fiatAmount,
        fiat_currency: s.fiatCurrency,
        order_id: s.orderId,
        metadata: s.metadata,
        payment_id: s.paymentId,
        expires_at: s.expiresAt,
        created_at: s.createdAt,
        source: s.source,
        redirect_url: s.redirectUrl ?? null,
      })
      .execute()
  }

  async byToken(token: string): Promise<Selection | undefined> {
    const row = await this.#ctx.db.selectFrom('selections').selectAll().where('token', '=', token).executeTakeFirst()
    return row === undefined ? undefined : toSelection(row)
  }

  /** The selection, locked until the transaction ends where the dialect has row locks: one pick at a time. */
  async byTokenForUpdate(token: string): Promise<Selection | undefined> {
    let query = this.#ctx.db.selectFrom('selections').selectAll().where('token', '=', token)
    if (this.#ctx.dialect.supportsForUpdate) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    return row === undefined ? undefined : toSelection(row)
  }

  /** Records the payment the buyer's pick made. */
  async setPayment(token: string, paymentId: string): Promise<void> {
    await this.#ctx.db.updateTable('selections').set({ payment_id: paymentId }).where('token', '=', token).execute()
  }
}
