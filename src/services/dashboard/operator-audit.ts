import type { Repositories } from '../../db/repositories/repositories.js'
import type { SwapAuditRecord } from '../../domain/swap/swap-audit.js'

export interface AuditFilter {
  trackcode?: string | undefined
  accountId?: string | undefined
}

/** Rows per page of the audit list; the filters narrow it to one order or one account. */
export const AUDIT_PAGE = 200

/**
 * The swap audit record, newest first. Filters match exactly (a trackcode is 16 hex characters,
 * an account an id); a trackcode may be typed in lower case. A malformed filter finds nothing.
 */
export async function listAudit(repos: Repositories, f: AuditFilter): Promise<SwapAuditRecord[]> {
  return repos.swapOrders.auditRecords({ trackcode: f.trackcode?.toUpperCase(), accountId: f.accountId }, AUDIT_PAGE)
}
