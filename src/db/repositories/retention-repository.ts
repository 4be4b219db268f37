import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { FINAL_PAYMENT_STATUSES, SETTLED_WEBHOOK_STATUSES } from '../../domain/retention/retention-policy.js'
import type { Database } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

/**
 * Deletes rows past their retention (domain/retention/retention-policy.ts), one bounded batch
 * per call: `DELETE … WHERE key IN (SELECT key … LIMIT n)` runs on both dialects and holds its
 * locks for one short statement. Each method answers how many rows it deleted, so the caller
 * stops when a batch comes back short. Indexes for these scans: migration 017.
 */
export class RetentionRepository {
  readonly #ctx: RepositoryContext
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
  }

  async deleteIdempotencyKeys(createdBefore: number, limit: number): Promise<number> {
    const db = this.#ctx.db
    const r = await db
      .deleteFrom('idempotency_keys')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('store_id', 'key'),
          'in',
          selectFrom('idempotency_keys')
            .select(['store_id', 'key'])
            .where('created_at', '<', createdBefore)
            .limit(limit)
            .$asTuple('store_id', 'key'),
        ),
      )
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  async deleteSelections(expiredBefore: number, limit: number): Promise<number> {
    const db = this.#ctx.db
    const r = await db
      .deleteFrom('selections')
      .where('token', 'in', db.selectFrom('selections').select('token').where('expires_at', '<', expiredBefore).limit(limit))
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  async deleteWebhookAttempts(attemptedBefore: number, limit: number): Promise<number> {
    const db = this.#ctx.db
    const r = await db
      .deleteFrom('webhook_attempts')
      .where('id', 'in', db.selectFrom('webhook_attempts').select('id').where('attempted_at', '<', attemptedBefore).limit(limit))
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }

  /**
   * Settled events (delivered, failed, skipped) last changed before `updatedBefore`, of
   * payments that are final, with whatever attempts they still have. Call it in a transaction
   * (`repos.transaction`), so events and their attempts go together.
   * A pending or sending event, or any event of a live payment, is never picked.
   */
  async deleteWebhookEvents(updatedBefore: number, limit: number): Promise<number> {
    const trx = this.#ctx.db
    {
      const ids = (
        await trx
          .selectFrom('webhook_events as e')
          .select('e.id')
          .where('e.status', 'in', [...SETTLED_WEBHOOK_STATUSES])
          .where('e.updated_at', '<', updatedBefore)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('payments as p')
                .select('p.id')
                .whereRef('p.id', '=', 'e.payment_id')
                .where('p.status', 'in', [...FINAL_PAYMENT_STATUSES])
                // The event a final payment's status sends stays: it is the record that the
                // payment ended so (kassa doctor checks it, doctor-repository.ts).
                .where(
                  'e.event',
                  '<>',
                  sql<string>`case p.status when 'expired' then 'payment.expired' when 'underpaid' then 'payment.underpaid' else 'payment.completed' end`,
                ),
            ),
          )
          .orderBy('e.id')
          .limit(limit)
          .execute()
      ).map((r) => r.id)
      if (ids.length === 0) return 0
      await trx.deleteFrom('webhook_attempts').where('event_id', 'in', ids).execute()
      const r = await trx
        .deleteFrom('webhook_events')
        .where('id', 'in', ids)
        // Checked again on delete: a resend may have re-opened one since it was read.
        .where('status', 'in', [...SETTLED_WEBHOOK_STATUSES])
        .executeTakeFirst()
      return Number(r.numDeletedRows)
    }
  }

  async simNetworks(): Promise<string[]> {
    return (await this.#ctx.db.selectFrom('sim_blocks').select('network').distinct().execute()).map((r) => r.network)
  }

  /**
   * The oldest blocks of one simulated network: `keep` blocks are kept below the lower of its
   * tip and its watcher's cursor, so a watcher that lags still finds the blocks it has not read
   * and the ones it compares on a reorg. Heights are contiguous, so one call deletes at most
   * `limit` rows.
   */
  async deleteSimBlocks(network: string, keep: number, limit: number): Promise<number> {
    const db: Kysely<Database> = this.#ctx.db
    const range = await db
      .selectFrom('sim_blocks')
      .select(({ fn }) => [fn.min('height').as('low'), fn.max('height').as('high')])
      .where('network', '=', network)
      .executeTakeFirst()
    if (range?.low == null || range.high == null) return 0
    const cursor = await db.selectFrom('chain_cursors').select('height').where('network', '=', network).executeTakeFirst()
    let below = Number(range.high) - keep + 1
    if (cursor !== undefined) below = Math.min(below, Number(cursor.height) - keep + 1)
    below = Math.min(below, Number(range.low) + limit)
    if (below <= Number(range.low)) return 0
    const r = await db.deleteFrom('sim_blocks').where('network', '=', network).where('height', '<', below).executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}
