import type { Repositories } from '../../db/repositories/repositories.js'
import { retentionCutoffs } from '../../domain/retention/retention-policy.js'
import { deleteInBatches } from '../../services/batched-deletes.js'
import type { RetentionPolicy } from '../../domain/retention/retention-policy.js'

/** Rows deleted by one run, per table. */
export interface RetentionRun {
  idempotencyKeys: number
  selections: number
  simBlocks: number
  webhookAttempts: number
  webhookEvents: number
}

/**
 * One retention pass (issue 16 defect 9): each table's rows past their retention go, in batches
 * of `batchSize` rows per statement with a turn of the event loop between them
 * (services/batched-deletes.ts), at most `maxBatchesPerRun` statements per table, so a
 * backlog (a first run on a large old database) is worked off over several runs instead of
 * one long one. Runs on one instance at a time (app/workers.ts takes an advisory lock).
 */
export async function purgeExpiredRows(repos: Repositories, policy: RetentionPolicy, now: number): Promise<RetentionRun> {
  const c = retentionCutoffs(policy, now)
  const r = repos.retention
  const batches = (deleteBatch: (limit: number) => Promise<number>): Promise<number> =>
    deleteInBatches(deleteBatch, policy.batchSize, policy.maxBatchesPerRun)
  const run: RetentionRun = { idempotencyKeys: 0, selections: 0, simBlocks: 0, webhookAttempts: 0, webhookEvents: 0 }
  const { idempotencyBefore: idem, selectionExpiredBefore: sel, webhookAttemptBefore: att, webhookEventBefore: ev, simBlocks } = c
  if (idem !== undefined) run.idempotencyKeys = await batches((n) => r.deleteIdempotencyKeys(idem, n))
  if (sel !== undefined) run.selections = await batches((n) => r.deleteSelections(sel, n))
  if (att !== undefined) run.webhookAttempts = await batches((n) => r.deleteWebhookAttempts(att, n))
  if (ev !== undefined) run.webhookEvents = await batches((n) => repos.transaction((tx) => tx.retention.deleteWebhookEvents(ev, n)))
  if (simBlocks !== undefined) {
    for (const network of await r.simNetworks()) run.simBlocks += await batches((n) => r.deleteSimBlocks(network, simBlocks, n))
  }
  return run
}
