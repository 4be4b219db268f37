import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { DatabaseHandle } from './dialect.js'

/**
 * Runs `work` only if no other Kassa instance is running work under the same name: on
 * PostgreSQL a session advisory lock held on one connection of the handle's lock pool for the
 * duration (so one instance follows each network, DESIGN.md "Jobs"), apart from the pool the
 * work queries through, so any number of locked tasks cannot starve their own work; on SQLite
 * there is a single writer process and the lock is a no-op. Returns undefined when another
 * instance holds the lock.
 */
export async function withAdvisoryLock<T>(handle: DatabaseHandle, name: string, work: () => Promise<T>): Promise<T | undefined> {
  if (!handle.dialect.supportsAdvisoryLocks) return work()
  const key = createHash('sha256').update(`kassa:${name}`).digest().readBigInt64BE(0)
  return (handle.locks ?? handle.db).connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key.toString()}::bigint) as ok`.execute(conn)
    if (!got.rows[0]?.ok) return undefined
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(${key.toString()}::bigint)`.execute(conn)
    }
  })
}
