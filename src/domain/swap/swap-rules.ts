/** The seed's fixed rules (seed-swap-api.txt, バリデーションルール; DESIGN.md "Swap API"). */
export const MIXER_LIMITS = {
  minOutputs: 1,
  maxOutputs: 10,
  /** 48 h: the seed's maximum delay. */
  maxDelayMinutes: 2880,
  /** Service fee bounds in basis points of a percent: 0.10 % … 5.00 %. */
  minServiceFeeHundredths: 10,
  maxServiceFeeHundredths: 500,
} as const

/** Exchange fee: min(max(requested or default, default, 0.50), 3.00), in percent. */
export const EXCHANGE_FEE_BOUNDS = { min: '0.50', max: '3.00' } as const

/** The seed: receive.delay_label defaults to "0h 10m". */
export const EXCHANGE_RECEIVE_DELAY_MINUTES = 10

/** Orders leave the API 48 h after creation (seed: delete_in_sec, validate). */
export const ORDER_RETENTION_SECONDS = 48 * 3600

/** How long a deposit address takes funds for an order (Kassa's choice; the seed is silent). */
export const DEPOSIT_WINDOW_SECONDS = 48 * 3600
