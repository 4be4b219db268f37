/**
 * How long rows that only serve a while are kept (issue 16 defect 9), and which payments still
 * need their webhook history. Defaults and reasons are in docs/OPERATIONS.md "Retention"; the
 * config (KASSA_RETENTION_*) fills it. A period of 0 keeps that table's rows forever.
 */
export interface RetentionPolicy {
  /** `Idempotency-Key`s are remembered this long after the first request (default 24 h). */
  idempotencyMs: number
  /** A selection is kept this long after it expires, used or not (default 7 days). */
  selectionMs: number
  /** Blocks of each simulated network kept below its tip (default 10,000). */
  simBlocks: number
  /** Webhook attempts (the delivery log) are kept this long (default 30 days). */
  webhookAttemptMs: number
  /** Delivered, failed and skipped events of final payments are kept this long after their last change (default 90 days). */
  webhookEventMs: number
  /** Rows deleted by one statement (default 1,000): short statements, short locks. */
  batchSize: number
  /** Statements per table in one run, so one run stays short; the rest waits for the next run. */
  maxBatchesPerRun: number
}

/**
 * A payment in one of these statuses is over: its webhook events may be purged once settled
 * and old. A live payment (selecting, pending, queued, confirming) keeps all of them, since
 * they are its dashboard timeline (services/dashboard/payment-timeline.ts).
 */
export const FINAL_PAYMENT_STATUSES = ['completed', 'expired', 'overpaid', 'underpaid'] as const

/** Webhook event statuses no worker will touch again (until an operator resend). */
export const SETTLED_WEBHOOK_STATUSES = ['delivered', 'failed', 'skipped'] as const

/** The instant before which each table's rows go; undefined when that table is kept forever. */
export interface RetentionCutoffs {
  idempotencyBefore: number | undefined
  selectionExpiredBefore: number | undefined
  webhookAttemptBefore: number | undefined
  webhookEventBefore: number | undefined
  /** Blocks kept per simulated network; undefined: all. */
  simBlocks: number | undefined
}

export function retentionCutoffs(policy: RetentionPolicy, now: number): RetentionCutoffs {
  const before = (ms: number) => (ms > 0 ? now - ms : undefined)
  return {
    idempotencyBefore: before(policy.idempotencyMs),
    selectionExpiredBefore: before(policy.selectionMs),
    webhookAttemptBefore: before(policy.webhookAttemptMs),
    webhookEventBefore: before(policy.webhookEventMs),
    simBlocks: policy.simBlocks > 0 ? policy.simBlocks : undefined,
  }
}
