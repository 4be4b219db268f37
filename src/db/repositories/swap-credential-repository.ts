import type { Kysely } from 'kysely'
import type { Database, SwapCredentialsTable } from '../schema.js'

/** Swap API keys by hash, and the per-day request counters. */
export class SwapCredentialRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insert(row: SwapCredentialsTable): Promise<void> {
    await this.#db.insertInto('swap_credentials').values(row).execute()
  }

  async byApiKeyHash(hash: string): Promise<SwapCredentialsTable | undefined> {
    return this.#db.selectFrom('swap_credentials').selectAll().where('api_key_hash', '=', hash).executeTakeFirst()
  }

  async byPartnerKeyHash(hash: string): Promise<SwapCredentialsTable | undefined> {
    return this.#db.selectFrom('swap_credentials').selectAll().where('partner_key_hash', '=', hash).executeTakeFirst()
  }

  async byAccount(accountId: string): Promise<SwapCredentialsTable | undefined> {
    return this.#db.selectFrom('swap_credentials').selectAll().where('account_id', '=', accountId).executeTakeFirst()
  }

  async update(accountId: string, patch: Partial<Omit<SwapCredentialsTable, 'account_id'>>): Promise<boolean> {
    const r = await this.#db.updateTable('swap_credentials').set(patch).where('account_id', '=', accountId).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /** Counts one request and returns the day's count, atomically (an upsert on both dialects). */
  async countRequest(accountId: string, day: string): Promise<number> {
    const row = await this.#db
      .insertInto('swap_quota_usage')
      .values({ account_id: accountId, day, requests: 1 })
      .onConflict((oc) => oc.columns(['account_id', 'day']).doUpdateSet((eb) => ({ requests: eb('swap_quota_usage.requests', '+', 1) })))
      .returning('requests')
      .executeTakeFirstOrThrow()
    return Number(row.requests)
  }

  /** Old counters are worth nothing once their day is over. */
  async dropCountersBefore(day: string): Promise<void> {
    await this.#db.deleteFrom('swap_quota_usage').where('day', '<', day).execute()
  }

  // Reads for the dashboard

  /** Whether each account with Swap API keys may use them, by account id. */
  async enabledByAccount(): Promise<Map<string, boolean>> {
    const rows = await this.#db.selectFrom('swap_credentials').select(['account_id', 'enabled']).execute()
    return new Map(rows.map((c) => [c.account_id, c.enabled === 1]))
  }

  /** What the partner page shows of an account's keys (never the keys: only their hashes are stored). */
  async keyState(accountId: string): Promise<SwapKeyState | undefined> {
    const row = await this.byAccount(accountId)
    return (
      row && {
        plan: row.plan,
        mode: row.mode,
        enabled: row.enabled === 1,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      }
    )
  }
}

/** An account's Swap API access: plan, mode, on or off, and when the keys last changed. */
export interface SwapKeyState {
  plan: string
  mode: 'test' | 'live'
  enabled: boolean
  createdAt: number
  updatedAt: number
}
