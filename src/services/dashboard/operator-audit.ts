import type { Kysely } from 'kysely'
import type { Database, SwapAuditTable } from '../../db/schema.js'

export interface AuditFilter {
  trackcode?: string | undefined
  accountId?: string | undefined
}

/** Rows per page of the audit list; the filters narrow it to one order or one account. */
export const AUDIT_PAGE = 200

/**
 * The swap audit record, newest first. Filters match exactly (a trackcode is 16 hex characters,
 * an account an id), so the indexes on them serve the query; a malformed filter finds nothing.
 */
export async function listAudit(db: Kysely<Database>, f: AuditFilter): Promise<SwapAuditTable[]> {
  let q = db.selectFrom('swap_audit').selectAll()
  if (f.trackcode) q = q.where('trackcode', '=', f.trackcode.toUpperCase())
  if (f.accountId) q = q.where('account_id', '=', f.accountId)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(AUDIT_PAGE).execute()
}
