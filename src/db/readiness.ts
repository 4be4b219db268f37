import { sql } from 'kysely'
import type { DatabaseHandle } from './dialect.js'

/**
 * Resolves when the database answers a trivial query, throws when it does not: what the
 * readiness probe (/readyz) asks before a load balancer sends traffic.
 */
export async function checkDatabaseAnswers(handle: DatabaseHandle): Promise<void> {
  await sql`select 1`.execute(handle.db)
}
