import { sql } from 'kysely'

/**
 * `payments.source <> 'api'` as a literal: the condition of the partial index
 * payments_store_source (migration 003). A bound parameter would not let the planner prove
 * that a query only reads rows the index holds.
 */
export const PUBLIC_PAYMENTS = sql<boolean>`payments.source <> 'api'`
