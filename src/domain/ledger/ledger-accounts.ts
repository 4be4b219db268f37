/**
 * Ledger account names. Every store has its own accounts per currency, so a store's balance
 * report is a handful of balance reads:
 * - `store:<id>:incoming` (contra, negative): gross money confirmed to the store — total_received;
 * - `store:<id>:incoming_pending` (contra): money seen on chain, not yet confirmed;
 * - `store:<id>:pending`: the store's unconfirmed money;
 * - `store:<id>:available`: what the store can withdraw;
 * - `store:<id>:withdrawing`: withdrawals taken from available and not yet confirmed on chain;
 * - `store:<id>:withdrawn`: paid out to the merchant — total_withdrawn;
 * - `store:<id>:refunding`: refunds taken from available and not yet confirmed on chain;
 * - `store:<id>:refunded`: returned to buyers (refund-posting.ts);
 * - `commission:<id>`: the operator's commission earned on this store — total_commission.
 */
export const ledgerAccount = {
  incoming: (storeId: string) => `store:${storeId}:incoming`,
  incomingPending: (storeId: string) => `store:${storeId}:incoming_pending`,
  pending: (storeId: string) => `store:${storeId}:pending`,
  available: (storeId: string) => `store:${storeId}:available`,
  withdrawing: (storeId: string) => `store:${storeId}:withdrawing`,
  withdrawn: (storeId: string) => `store:${storeId}:withdrawn`,
  refunding: (storeId: string) => `store:${storeId}:refunding`,
  refunded: (storeId: string) => `store:${storeId}:refunded`,
  commission: (storeId: string) => `commission:${storeId}`,
} as const
