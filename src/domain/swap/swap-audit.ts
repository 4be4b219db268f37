/**
 * One record of the swap audit: what happened to an order (created, activated, deleted, …) and
 * its detail as the JSON text stored. Kept for the configured period even after the order
 * leaves the API.
 */
export interface SwapAuditRecord {
  id: string
  trackcode: string
  accountId: string
  event: string
  detail: string
  createdAt: number
}
