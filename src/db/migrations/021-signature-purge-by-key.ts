import type { Kysely, Migration } from 'kysely'

/**
 * `seen_signatures` without its index on `expires_at` (issue 17). Every signed create wrote
 * that index too: one more B-tree insert and one more page per commit (measured in isolation:
 * 7.6 against 5.0 µs per row, commit included). The purge now walks the primary key (store_id,
 * expires_at, signature; migration 018) one store at a time, which finds the expired rows as
 * well: they are the front of each store's range.
 */
export function signaturePurgeByKeyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('seen_signatures_expires_at').execute()
    },
  }
}
