import type { Selectable } from 'kysely'
import type { PaymentLink, PaymentLinkPricing } from '../../domain/payment-links/payment-link.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import type { PaymentLinksTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

type Row = Selectable<PaymentLinksTable>

/** The casts are checked where links are written: by parsePaymentLinkInput, against the store's currencies. */
function toLink(row: Row): PaymentLink {
  return {
    id: row.id,
    storeId: row.store_id,
    title: row.title,
    description: row.description,
    pricing: row.pricing as PaymentLinkPricing,
    unit: row.unit as FiatCode | CurrencyCode,
    amount: row.amount,
    minAmount: row.min_amount,
    maxAmount: row.max_amount,
    currencies: row.currencies === null ? null : (JSON.parse(row.currencies) as CurrencyCode[]),
    active: row.active === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

/** Payment links (`payment_links`, migration 011). */
export class PaymentLinkRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  async insert(l: PaymentLink): Promise<void> {
    await this.#ctx.db
      .insertInto('payment_links')
      .values({
        id: l.id,
        store_id: l.storeId,
        title: l.title,
        description: l.description,
        pricing: l.pricing,
        unit: l.unit,
        amount: l.amount,
        min_amount: l.minAmount,
        max_amount: l.maxAmount,
        currencies: l.currencies === null ? null : JSON.stringify(l.currencies),
        active: l.active ? 1 : 0,
        created_at: l.createdAt,
        updated_at: l.updatedAt,
      })
      .execute()
  }

  async byId(id: string): Promise<PaymentLink | undefined> {
    const row = await this.#ctx.db.selectFrom('payment_links').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : toLink(row)
  }

  /** A store's links, newest first. */
  async byStore(storeId: string, limit: number): Promise<PaymentLink[]> {
    const rows = await this.#ctx.db
      .selectFrom('payment_links')
      .selectAll()
      .where('store_id', '=', storeId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toLink)
  }

  /** Switches a store's link on or off; false when the store has no such link. */
  async setActive(storeId: string, id: string, active: boolean, now: number): Promise<boolean> {
    const r = await this.#ctx.db
      .updateTable('payment_links')
      .set({ active: active ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .where('store_id', '=', storeId)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }
}
