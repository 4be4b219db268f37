import type { Kysely, Migration } from 'kysely'

/**
 * Indexes for the retention job (jobs/workers/retention-worker.ts, issue 16 defect 9): each
 * batch finds its oldest rows by time, without scanning the table. sim_blocks needs none (its
 * key is network, height) and webhook_events' settled rows are found by status and age.
 */
export function retentionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute()
      await db.schema.createIndex('selections_expires').on('selections').column('expires_at').execute()
      await db.schema.createIndex('webhook_attempts_attempted').on('webhook_attempts').column('attempted_at').execute()
      await db.schema.createIndex('webhook_events_settled').on('webhook_events').columns(['status', 'updated_at']).execute()
    },
  }
}
