import type { Kysely, Selectable } from 'kysely'
import type { Store, StoreCurrency } from '../../domain/stores/store.js'
import { PreparedQuery } from '../prepared-query.js'
import type { Database, StoresTable } from '../schema.js'

export type StoreRow = Selectable<StoresTable>

export function toStore(row: StoreRow): Store {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    apiKey: row.api_key,
    mode: row.mode,
    currencies: JSON.parse(row.currencies) as StoreCurrency[],
    expiryMinutes: row.expiry_minutes,
    commissionBp: row.commission_bp,
    underpayToleranceBp: row.underpay_tolerance_bp,
    enabled: row.enabled === 1,
    webhookUrl: row.webhook_url,
  }
}

/** Every signed request looks its store up by key: compiled once per database. */
const byApiKeyQueries = new WeakMap<Kysely<Database>, PreparedQuery<StoreRow, [string]>>()

/** A store's settings that rule its payments' lifecycle. */
export type StorePaymentTerms = Pick<Store, 'mode' | 'commissionBp' | 'underpayToleranceBp' | 'expiryMinutes'>

export class StoreRepository {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insertAccount(id: string, name: string, now: number): Promise<void> {
    await this.#db.insertInto('accounts').values({ id, name, created_at: now }).execute()
  }

  async firstAccountId(): Promise<string | undefined> {
    const row = await this.#db.selectFrom('accounts').select('id').orderBy('created_at').limit(1).executeTakeFirst()
    return row?.id
  }

  async accountExists(id: string): Promise<boolean> {
    return (await this.#db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  }

  async insert(row: StoreRow): Promise<void> {
    await this.#db.insertInto('stores').values(row).execute()
  }

  async update(id: string, patch: Partial<Omit<StoreRow, 'id' | 'account_id' | 'created_at'>>): Promise<void> {
    await this.#db.updateTable('stores').set(patch).where('id', '=', id).execute()
  }

  async byId(id: string): Promise<StoreRow | undefined> {
    return this.#db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async byApiKey(apiKey: string): Promise<StoreRow | undefined> {
    let q = byApiKeyQueries.get(this.#db)
    if (!q) {
      q = new PreparedQuery(this.#db, 1, (db, key) => db.selectFrom('stores').selectAll().where('api_key', '=', key as string))
      byApiKeyQueries.set(this.#db, q)
    }
    return q.first(apiKey)
  }

  async listByAccount(accountId: string): Promise<StoreRow[]> {
    return this.#db.selectFrom('stores').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute()
  }

  async list(): Promise<StoreRow[]> {
    return this.#db.selectFrom('stores').selectAll().orderBy('created_at').execute()
  }

  // Reads for the receive path

  /** What a payment of the store is evaluated and promoted by, without parsing its currencies. */
  async paymentTerms(storeId: string): Promise<StorePaymentTerms | undefined> {
    const row = await this.#db
      .selectFrom('stores')
      .select(['mode', 'commission_bp', 'underpay_tolerance_bp', 'expiry_minutes'])
      .where('id', '=', storeId)
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : { mode: row.mode, commissionBp: row.commission_bp, underpayToleranceBp: row.underpay_tolerance_bp, expiryMinutes: row.expiry_minutes }
  }
}
