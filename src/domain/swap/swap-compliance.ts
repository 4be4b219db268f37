/** An address on the operator's screening list: no order may pay out to it. */
export interface ScreenedAddress {
  /** Exactly as given: several networks' addresses are case-sensitive. */
  address: string
  reason: string
  /** Epoch ms. */
  createdAt: number
}

/** One event of an order's audit record (created, activated, validated, deleted, output_requeued). */
export interface SwapAuditRecord {
  id: string
  trackcode: string
  accountId: string
  event: string
  /** The event's detail as JSON text, exactly as recorded. */
  detail: string
  /** Epoch ms. */
  createdAt: number
}

/** The audit list's filters; both match exactly. */
export interface SwapAuditFilter {
  trackcode?: string | undefined
  accountId?: string | undefined
}
