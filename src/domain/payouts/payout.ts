import type { ChainCurrencyCode } from '../../money/index.js'

/** A merchant's withdrawal, a sweep of a payment's deposit address, one output of a Swap order, or a refund to a buyer. */
export type PayoutKind = 'withdrawal' | 'sweep' | 'swap_output' | 'refund'

/**
 * queued → signed → broadcast → confirmed | failed. `signed` means the transaction is stored
 * and may already be on the network: from there on it is only ever sent again, never re-signed,
 * unless its network says it expired unmined (a TRON transaction past its expiration): then,
 * and only then, the payout goes back to `queued` and is signed anew.
 */
export type PayoutStatus = 'queued' | 'signed' | 'broadcast' | 'confirmed' | 'failed'

/**
 * A payout as the rest of Kassa sees it: amounts in atomic units of `currency`, a typed status.
 * The repository (db/repositories/payout-repository.ts) turns rows into this; presenters, pages
 * and the CLI format it.
 */
export interface Payout {
  id: string
  kind: PayoutKind
  /** The adapter network that sends it. */
  network: string
  currency: ChainCurrencyCode
  /** The store whose balance pays a withdrawal or a refund; null for sweeps and Swap outputs. */
  storeId: string | null
  /** Sweeps: the payment whose deposit address is emptied; refunds: the payment refunded. */
  paymentId: string | null
  /** Sweeps: derivation index of the deposit key; null means the hot wallet. */
  fromIndex: number | null
  /** Known once signed (a sweep's from the start). */
  fromAddress: string | null
  toAddress: string
  /** Null for a sweep until signed: it sends the balance less the fee. */
  amount: bigint | null
  status: PayoutStatus
  /** The sender's sequence number where its family has one (EVM nonces); null before signing and on other families. */
  nonce: number | null
  /** The signed transaction, stored before it is first sent. */
  signedTx: string | null
  txHash: string | null
  maxFee: bigint | null
  blockHeight: number | null
  confirmations: number
  /** Why it failed, or why it is held back while still queued or signed. */
  failureReason: string | null
  /** Destination tag (XRP) or comment (TON) the transaction must carry; null when none. */
  memo: string | null
  /** A re-queued Swap output: the failed payout this one replaces, kept as history. */
  replacesId: string | null
  createdAt: number
  updatedAt: number
}

/**
 * What signing fixed, recorded before the transaction leaves the process (the same fields as
 * a send capability's signed transaction, chains/adapter.ts).
 */
export interface PayoutSigning {
  fromAddress: string
  nonce: number | null
  rawTransaction: string
  txHash: string
  /** What is sent: a sweep's balance less its fee, otherwise the payout's amount. */
  amount: bigint
  maxFee: bigint
}
