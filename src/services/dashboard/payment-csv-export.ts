import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Repositories } from '../../db/repositories/repositories.js'
import { PAYMENT_CSV_HEADER, csvLine, paymentCsvLine } from './payment-csv.js'
import type { PaymentFilter } from './payment-search.js'
import { toPaymentSearch } from './payment-search.js'

export interface PaymentCsvExportOptions {
  /** Rows read and written at a time: what the export holds in memory at once (default 250: a page's formatting is one uninterrupted stretch of the event loop). */
  pageSize?: number
  /** Rows at most, newest first (default 50,000): a whole history still takes its time to send. */
  maxRows?: number
}

/**
 * The store's payments matching `filter` as CSV, one chunk per page of rows: the header line,
 * then each page's lines. Pages are read by keyset (repository `searchAfter`), so the last one
 * costs what the first did, and the generator waits for the next turn of the event loop
 * between pages, so other requests are served while a large export runs. Pulled by a stream,
 * it reads the next page only when the client has taken the last: memory stays at one page
 * however slow the client. The bytes are those of the whole export built at once.
 */
export async function* paymentCsvChunks(
  repos: Repositories,
  storeId: string,
  filter: PaymentFilter,
  opts: PaymentCsvExportOptions = {},
): AsyncGenerator<string> {
  const pageSize = opts.pageSize ?? 250
  const maxRows = opts.maxRows ?? 50_000
  const search = toPaymentSearch(filter)
  yield csvLine(PAYMENT_CSV_HEADER)
  let after: { createdAt: number; id: string } | undefined
  let sent = 0
  while (sent < maxRows) {
    const page = await repos.payments.searchAfter(storeId, search, after, Math.min(pageSize, maxRows - sent))
    if (page.length === 0) return
    yield page.map(paymentCsvLine).join('')
    sent += page.length
    const last = page[page.length - 1]!
    after = { createdAt: last.createdAt, id: last.id }
    if (page.length < pageSize) return
    await nextTurn()
  }
}
