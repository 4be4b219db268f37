/**
 * Records per page of the swap audit list (SwapOrderRepository.auditRecords, newest first); the
 * filters narrow it to one order or one account.
 */
export const AUDIT_PAGE = 200
