import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Rate-limit counters that every instance on one PostgreSQL database shares (issue 16, defect
 * 8): one row per limit and key, counting the hits of the window that ends at `window_ends_at`.
 * Rows whose window is over are purged (db/repositories/rate-limit-repository.ts), so the table
 * holds about one window of client addresses and stores. SQLite keeps its limits in memory
 * (one instance per file) and leaves the table empty.
 */
export function rateLimitsMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limit_counters')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addColumn('window_ends_at', d.timeType, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('rate_limit_counters_window_ends_at').on('rate_limit_counters').column('window_ends_at').execute()
    },
  }
}
