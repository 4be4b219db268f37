import type { CurrencyCode, FiatCode } from '../../money/index.js'

/**
 * A multi-currency payment waiting for the buyer to pick a currency: the amount is in the
 * store's first currency (or in fiat), converted when the buyer picks. The repository
 * (db/repositories/selection-repository.ts) turns rows into this.
 */
export interface Selection {
  /** 24 random bytes in base64url: the capability of the selection page. */
  token: string
  storeId: string
  /** Atomic units of `baseCurrency`. */
  amount: bigint
  baseCurrency: CurrencyCode
  /** Exact decimal text of the fiat amount the request gave, if any: it rules the conversion. */
  fiatAmount: string | null
  fiatCurrency: FiatCode | null
  orderId: string | null
  /** The merchant's metadata object as JSON text, exactly as stored. */
  metadata: string | null
  /** The payment made when the buyer picked; null until then. */
  paymentId: string | null
  expiresAt: number
  createdAt: number
  /** Where the selection was made: a public widget's, or null for the Merchant API's. */
  source: SelectionSource | null
  /** The merchant's redirect_url, carried to the payment the buyer picks; null or left out for none. */
  redirectUrl?: string | null
}

/** Sources whose selections make public payments (their own slot budget and listing). */
export type SelectionSource = 'widget' | 'donation' | 'link'
