import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Signed Merchant API requests already seen (issue 16, defect 12): a request that changes
 * state is refused when its exact signature was seen before, as long as that signature could
 * still pass the ±300 s timestamp check. The table is in the database, not in memory, because
 * several instances share one PostgreSQL and a replay may reach another instance. Rows expire
 * when their signature's timestamp leaves the window and are purged by a periodic task.
 */
export function signatureReplayMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('seen_signatures')
        .addColumn('store_id', 'text', (c) => c.notNull())
        // Lower-case hex: the check accepts either case, so the cache must not tell them apart.
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('expires_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('seen_signatures_pk', ['store_id', 'signature'])
        .execute()
      await db.schema.createIndex('seen_signatures_expires_at').on('seen_signatures').column('expires_at').execute()
    },
  }
}
