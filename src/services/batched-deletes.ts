import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Runs `deleteBatch(batchSize)` until it deletes fewer than `batchSize` rows, or `maxBatches`
 * times; returns how many rows went. Between batches the event loop gets a turn: on SQLite a
 * statement runs synchronously, so a backlog deleted without one held every request until the
 * last batch (seen signatures: 630 ms for 360,000 rows in one statement, batches of at most
 * 4.4 ms with turns between; bench/signature-purge.js).
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batchSize: number,
  maxBatches = Number.POSITIVE_INFINITY,
): Promise<number> {
  let total = 0
  for (let i = 0; i < maxBatches; i++) {
    const n = await deleteBatch(batchSize)
    total += n
    if (n < batchSize) break
    await nextTurn()
  }
  return total
}
