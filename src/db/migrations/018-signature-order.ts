import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * `seen_signatures` keyed by (store_id, expires_at, signature) instead of (store_id, signature)
 * (issue 17). A signature is random, so every signed create inserted into a random leaf of the
 * old key's B-tree: one more page written to the WAL (SQLite) per create. `expires_at` is the
 * signed timestamp plus a constant (http/plugins/hmac-auth.ts), so the same signed bytes still
 * meet the same key, and new rows land next to each other at the end of their store's range.
 *
 * SQLite cannot change a primary key in place: the table is rebuilt, WITHOUT ROWID so that the
 * key is the table (one B-tree instead of a rowid table plus its key's index), rows kept.
 */
export function signatureOrderMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (d.name === 'postgres') {
        await sql`alter table seen_signatures drop constraint seen_signatures_pk`.execute(db)
        await sql`alter table seen_signatures add constraint seen_signatures_pk primary key (store_id, expires_at, signature)`.execute(db)
        return
      }
      await db.schema
        .createTable('seen_signatures_018')
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('expires_at', d.timeType, (c) => c.notNull())
        .addPrimaryKeyConstraint('seen_signatures_pk', ['store_id', 'expires_at', 'signature'])
        .modifyEnd(sql`without rowid`)
        .execute()
      await sql`insert into seen_signatures_018 (store_id, signature, expires_at) select store_id, signature, expires_at from seen_signatures`.execute(
        db,
      )
      await db.schema.dropTable('seen_signatures').execute()
      await sql`alter table seen_signatures_018 rename to seen_signatures`.execute(db)
      await db.schema.createIndex('seen_signatures_expires_at').on('seen_signatures').column('expires_at').execute()
    },
  }
}
