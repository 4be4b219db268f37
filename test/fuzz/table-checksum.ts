import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { DatabaseHandle } from '../../src/db/dialect.js'

/**
 * Tables a refused request may change, each for a stated reason. Every other table must read
 * the same before and after a 4xx.
 */
export const CHANGE_ON_REFUSAL: Readonly<Record<string, string>> = {
  rate_limit_counters: 'the public limits count every request, refused or not (PostgreSQL keeps the counters in the database)',
  seen_signatures: 'a well-signed POST is remembered before its body is read, so its replay is refused even if the body was refused',
  swap_quota_usage: 'every authenticated Swap API request counts against the daily quota, a refused one too (the seed counts requests)',
  login_throttle: 'a failed sign-in is counted, so guessing is throttled (the 401 of a wrong password)',
  sessions: "a dashboard request slides its session's expiry, whatever its answer",
}

/**
 * A fingerprint of every table's content but the listed exclusions, in one query: per table
 * its row count and a digest of its rows (PostgreSQL: the sum of each row's text hashed;
 * SQLite: every column quoted and joined). Cheap on the small tables of a fuzz run, and unlike
 * row counts alone it sees an UPDATE.
 */
export async function tableChecksums(handle: DatabaseHandle): Promise<Map<string, string>> {
  const query = await checksumQuery(handle)
  const { rows } = await query.execute(handle.db)
  const out = new Map<string, string>()
  for (const r of rows as { t: string; h: string | null }[])
    out.set(
      r.t,
      createHash('sha256')
        .update(r.h ?? '')
        .digest('hex')
        .slice(0, 16),
    )
  return out
}

/** Tables whose fingerprint differs between two snapshots. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t))
}

const queries = new WeakMap<DatabaseHandle, ReturnType<typeof sql.raw>>()

async function checksumQuery(handle: DatabaseHandle) {
  const cached = queries.get(handle)
  if (cached) return cached
  const tables = (await handle.db.introspection.getTables())
    .filter((t) => !Object.hasOwn(CHANGE_ON_REFUSAL, t.name) && !t.name.startsWith('kysely_'))
    .sort((a, b) => a.name.localeCompare(b.name))
  const parts = tables.map((t) => {
    const name = `"${t.name}"`
    if (handle.dialect.name === 'postgres') {
      return `select '${t.name}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from ${name} x`
    }
    const cols = t.columns.map((c) => `quote("${c.name}")`).join(" || ',' || ")
    return `select '${t.name}' as t, count(*) || ':' || coalesce(group_concat(${cols}, '|'), '') as h from ${name}`
  })
  const query = sql.raw(parts.join(' union all '))
  queries.set(handle, query)
  return query
}
