import type { ColumnType, Generated } from 'kysely'

/**
 * Table types for Kysely. Conventions that hold in every table, on both dialects:
 * - money is atomic units as a decimal string (TEXT on SQLite, NUMERIC(78,0) on PostgreSQL);
 * - times are epoch milliseconds (INTEGER / BIGINT, read back as number);
 * - flags are 0/1 integers;
 * - ids are UUID text made by the application.
 */
export interface Database {
  accounts: AccountsTable
  stores: StoresTable
  store_logos: StoreLogosTable
  address_counters: AddressCountersTable
  deposit_addresses: DepositAddressesTable
  payments: PaymentsTable
  amount_slots: AmountSlotsTable
  selections: SelectionsTable
  idempotency_keys: IdempotencyKeysTable
  form_tokens: FormTokensTable
  seen_signatures: SeenSignaturesTable
  chain_cursors: ChainCursorsTable
  chain_blocks: ChainBlocksTable
  chain_transfers: ChainTransfersTable
  ledger_entries: LedgerEntriesTable
  ledger_balances: LedgerBalancesTable
  webhook_events: WebhookEventsTable
  webhook_attempts: WebhookAttemptsTable
  sim_blocks: SimBlocksTable
  sim_transactions: SimTransactionsTable
  store_page_settings: StorePageSettingsTable
  network_address_counters: NetworkAddressCountersTable
  payouts: PayoutsTable
  swap_credentials: SwapCredentialsTable
  swap_quota_usage: SwapQuotaUsageTable
  swap_screening: SwapScreeningTable
  swap_orders: SwapOrdersTable
  swap_audit: SwapAuditTable
  swap_payouts: SwapPayoutsTable
  users: UsersTable
  sessions: SessionsTable
  login_throttle: LoginThrottleTable
  operator_settings: OperatorSettingsTable
  refunds: RefundsTable
  payment_links: PaymentLinksTable
  rate_limit_counters: RateLimitCountersTable
}

/** Shared rate-limit counters (migration 015): hits in the window ending at `window_ends_at`. */
export interface RateLimitCountersTable {
  key: string
  hits: number
  window_ends_at: number
}

/** Payment links (migration 011): amounts as exact decimal text in `unit`. */
export interface PaymentLinksTable {
  id: string
  store_id: string
  title: string
  description: string | null
  pricing: string
  unit: string
  amount: string | null
  min_amount: string | null
  max_amount: string | null
  currencies: string | null
  active: number
  created_at: number
  updated_at: number
}

/** Derivation indexes of networks whose addresses all come from one operator key. */
export interface NetworkAddressCountersTable {
  network: string
  next_index: number
}

export type PayoutKind = 'withdrawal' | 'sweep' | 'swap_output' | 'refund'
export type PayoutStatus = 'queued' | 'signed' | 'broadcast' | 'confirmed' | 'failed'

export interface PayoutsTable {
  id: string
  kind: PayoutKind
  network: string
  currency: string
  /** The store whose balance pays a withdrawal; null for sweeps (the operator's own custody). */
  store_id: string | null
  /** Sweeps: the payment whose deposit address is emptied. */
  payment_id: string | null
  /** Sweeps: derivation index of the deposit key; null means the hot wallet. */
  from_index: number | null
  from_address: string | null
  to_address: string
  /** Atomic units; null for a sweep until signed (it sends the balance less the fee). */
  amount: string | null
  status: PayoutStatus
  nonce: number | null
  signed_tx: string | null
  tx_hash: string | null
  max_fee: string | null
  block_height: number | null
  confirmations: number
  failure_reason: string | null
  /** Destination tag (XRP) or comment (TON) the payout must carry (migration 007); null when none. */
  memo: string | null
  /** A re-queued swap output's payout: the failed payout it replaces, kept as history (migration 007). */
  replaces_id: string | null
  created_at: number
  updated_at: number
  /** Earlier transactions of this payout that a fee bump replaced, JSON [{txHash, rawTransaction}] (migration 008). */
  replaced_txs: string | null
}

/** Refunds of payments (migration 010); their state follows from `payout_id`'s payout. */
export interface RefundsTable {
  id: string
  payment_id: string
  store_id: string
  currency: string
  /** Atomic units. */
  amount: string
  token: string
  address: string | null
  reason: string | null
  payout_id: string | null
  cancelled_at: number | null
  created_at: number
  updated_at: number
}

export interface AccountsTable {
  id: string
  name: string
  created_at: number
}

export interface StoresTable {
  id: string
  account_id: string
  name: string
  api_key: string
  api_secret_enc: string
  webhook_secret_enc: string
  webhook_url: string | null
  /** The secret before the last rotation, kept for its grace period (002-webhooks). */
  webhook_secret_prev_enc: string | null
  webhook_secret_prev_expires_at: number | null
  mode: 'test' | 'live'
  /** JSON: [{ "code": "USDT_TRC20", "strategy": "unique_amount" }, ...], first is the default. */
  currencies: string
  expiry_minutes: number
  commission_bp: number
  underpay_tolerance_bp: number
  enabled: number
  /** JSON: { "BTC": 3 }, confirmations by currency where the store overrides its network's; null for none (009). */
  confirmations: string | null
  /** Where final pages send the buyer back to when the payment names no place of its own (012). */
  redirect_url: string | null
  /** SHA-256 (hex) of the store's logo in store_logos; null for none (012). */
  logo_sha256: string | null
  created_at: number
  updated_at: number
}

/** A store's logo: PNG, JPEG or WebP, at most 256 KiB, as base64 (012-checkout-trust). */
export interface StoreLogosTable {
  store_id: string
  sha256: string
  content_type: string
  data_base64: string
  updated_at: number
}

export interface AddressCountersTable {
  store_id: string
  network: string
  next_index: number
}

export interface DepositAddressesTable {
  network: string
  address: string
  store_id: string
  derivation_index: number
  /** null for a store's shared unique-amount address. */
  payment_id: string | null
  created_at: number
}

export interface PaymentsTable {
  id: string
  store_id: string
  order_id: string | null
  status: string
  currency: string
  network: string
  strategy: string
  pay_address: string
  amount_requested: string
  amount_with_cents: string | null
  amount_received: string
  fiat_amount: string | null
  fiat_currency: string | null
  /** The rate at creation (migration 014): null on older payments and where none was to be had. */
  rate_fiat: string | null
  rate_price: string | null
  metadata: string | null
  source: string
  tx_hash: string | null
  confirmations: number
  test_mode: number
  expires_at: number
  confirmed_at: number | null
  created_at: number
  updated_at: number
  /** What the ledger holds for this payment now; reconciliation posts the difference. */
  ledger_pending: string
  ledger_credited: string
  ledger_fee: string
  /** The buyer's way back to the shop after a final page; null for the store's default (012). */
  redirect_url: string | null
  /** A merchant's hand resolution (migration 013): 'paid' | 'invalid', null while unresolved. */
  resolution_kind: string | null
  resolution_reason: string | null
  resolved_by: string | null
  resolved_at: number | null
  /** The status the payment had when it was resolved. */
  resolved_from: string | null
}

export interface AmountSlotsTable {
  currency: string
  address: string
  /** The amount's digit count: on SQLite, where amounts are text, amounts of one width sort numerically (migration 019). */
  amount_digits: number
  amount: string
  payment_id: string
}

export interface SelectionsTable {
  token: string
  store_id: string
  amount: string
  base_currency: string
  fiat_amount: string | null
  fiat_currency: string | null
  order_id: string | null
  metadata: string | null
  payment_id: string | null
  expires_at: number
  created_at: number
  /** 'widget' for a widget's selection; null for the Merchant API's (migration 003). */
  source: string | null
  /** Carried to the payment made when the buyer picks (012). */
  redirect_url: string | null
}

/** One-use tokens of dashboard forms that move money (migration 014): a token is spent once. */
export interface FormTokensTable {
  token: string
  used_at: number
}

export interface SeenSignaturesTable {
  store_id: string
  signature: string
  expires_at: number
}

export interface IdempotencyKeysTable {
  store_id: string
  key: string
  request_hash: string
  status_code: number
  response_body: string
  created_at: number
}

export interface ChainCursorsTable {
  network: string
  height: number
  hash: string
  updated_at: number
}

export interface ChainBlocksTable {
  network: string
  height: number
  hash: string
  parent_hash: string
}

export interface ChainTransfersTable {
  id: string
  network: string
  currency: string
  tx_hash: string
  output_index: number
  to_address: string
  amount: string
  block_height: number | null
  block_hash: string | null
  first_seen_at: number
  payment_id: string | null
  unmatched: number
  orphaned: number
  /** Why an unconfirmed transfer left the mempool unmined: replaced, conflicted or dropped (migration 008). */
  gone: string | null
}

export interface LedgerEntriesTable {
  id: Generated<number>
  txn_id: string
  account: string
  currency: string
  amount: string
  kind: string
  store_id: string | null
  payment_id: string | null
  created_at: number
}

export interface LedgerBalancesTable {
  account: string
  currency: string
  balance: string
}

export interface WebhookEventsTable {
  /** Auto-increment: the order events happened in, which delivery and the feed keep. */
  id: Generated<number>
  store_id: string
  payment_id: string
  event: string
  body: string
  /** pending → sending → delivered | failed | skipped (no webhook URL); a resend re-opens it. */
  status: string
  attempts: number
  created_at: number
  next_attempt_at: ColumnType<number, number | undefined, number>
  lease_until: ColumnType<number, number | undefined, number>
  delivery_id: string | null
  updated_at: ColumnType<number, number | undefined, number>
}

/** One HTTP attempt of a webhook delivery, kept for the operator. */
export interface WebhookAttemptsTable {
  id: Generated<number>
  event_id: number | null
  store_id: string
  delivery_id: string
  url: string
  attempted_at: number
  /** null when no response came: timeout, refused connection, refused address. */
  status_code: number | null
  latency_ms: number
  error: string | null
  /** The first 1 KiB of the response body. */
  response_excerpt: string | null
}

export interface SimBlocksTable {
  network: string
  height: number
  hash: string
  parent_hash: string
  mined_at: number
}

export interface SimTransactionsTable {
  tx_hash: string
  network: string
  currency: string
  to_address: string
  amount: string
  block_height: number | null
  /** Destination tag / comment of a simulated payout (migration 007); null when none. */
  memo: string | null
  /** 1: mined as failed, moved nothing (migration 007). */
  reverted: number
  created_at: number
}

/** Widget and donation settings of a store (migration 003); no row means both are off. */
export interface StorePageSettingsTable {
  store_id: string
  widget_enabled: number
  /** JSON array of allowed origins. */
  widget_origins: string
  donations_enabled: number
  donation_text: string | null
  /** JSON array of decimal strings. */
  donation_amounts: string
  donation_color: string | null
  donation_thanks: string | null
  updated_at: number
}
export interface SwapCredentialsTable {
  account_id: string
  /** hex SHA-256 of the Bearer key; the key itself is shown once and never stored. */
  api_key_hash: string
  partner_key_hash: string
  /** Names a daily quota in KASSA_SWAP_QUOTAS. */
  plan: string
  /** test: orders use the simulated networks only; live: real networks only (as stores). */
  mode: 'test' | 'live'
  enabled: number
  created_at: number
  updated_at: number
}

export interface SwapQuotaUsageTable {
  account_id: string
  /** UTC day, YYYY-MM-DD. */
  day: string
  requests: number
}

export interface SwapScreeningTable {
  address: string
  reason: string
  created_at: number
}

export interface SwapOrdersTable {
  trackcode: string
  type: 'mixer' | 'exchange'
  account_id: string
  partner_account_id: string | null
  coin: string
  network: string
  /** The chain adapter's network id the deposit address lives on (e.g. sim-bitcoin). */
  chain_network: string
  deposit_address: string
  /** Derivation index of the deposit address (the network's counter, shared with payments). */
  deposit_index: number | null
  /** Atomic units. */
  deposit_amount: string
  service_fee: string
  plan: string
  activated_at: number | null
  deleted_at: number | null
  expires_at: number
  created_at: number
}

/** Links a swap order's output (0-based index) to the payout that sends it. */
export interface SwapPayoutsTable {
  trackcode: string
  output_index: number
  payout_id: string
}

export interface SwapAuditTable {
  id: string
  trackcode: string
  account_id: string
  event: string
  /** JSON */
  detail: string
  created_at: number
}

/** A person who signs in to the dashboard; see migration 006. */
export interface UsersTable {
  id: string
  account_id: string
  email: string
  password_hash: string
  is_operator: number
  totp_secret_enc: string | null
  totp_last_step: number | null
  created_at: number
  updated_at: number
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, hex. */
  token_hash: string
  user_id: string
  stage: 'password' | 'full'
  created_at: number
  expires_at: number
}

export interface LoginThrottleTable {
  key: string
  failures: number
  window_start: number
  locked_until: number
}

export interface OperatorSettingsTable {
  key: string
  value: string
  updated_at: number
}
