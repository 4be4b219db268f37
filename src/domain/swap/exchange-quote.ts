import { Decimal } from 'decimal.js'
import { EXCHANGE_FEE_BOUNDS } from './swap-rules.js'

/**
 * The exchange's fee rule (seed 交換 検証ルール; DESIGN.md): the requested fee, never below the
 * site default nor 0.50 %, never above 3.00 %: min(max(requested or default, default, 0.50), 3.00).
 * In hundredths of a percent.
 */
export function effectiveExchangeFee(requested: number | null, defaultFee: number): number {
  const floor = Math.max(requested ?? defaultFee, defaultFee, hundredths(EXCHANGE_FEE_BOUNDS.min))
  return Math.min(floor, hundredths(EXCHANGE_FEE_BOUNDS.max))
}

function hundredths(text: string): number {
  return Math.round(Number(text) * 100)
}

export interface ExchangeQuoteInput {
  /** Decimal text, coin units. */
  amount: string
  fromPriceUsd: string
  toPriceUsd: string
  feeHundredths: number
  /** Decimals the receive amount is given in (the destination coin's precision). */
  toPrecision: number
}

export interface ExchangeQuote {
  /** amount × from price, 8 decimals (half up). */
  amountUsd: string
  /** amount_usd × (1 − fee %), 8 decimals (half up), from the unrounded amount_usd. */
  finalUsd: string
  /** final_usd ÷ to price, rounded down to the destination's precision: never more than the value received. */
  estimatedReceive: string
  /** Prices as shown: 8 significant digits, as the seed prints 4300.8836 and 0.22014648. */
  fromPriceShown: string
  toPriceShown: string
}

/**
 * The seed's quote: final_usd = (amount × from price) × (1 − fee %), estimated_receive =
 * final_usd ÷ to price. Exact decimal arithmetic throughout; only the results are rounded.
 */
export function quoteExchange(q: ExchangeQuoteInput): ExchangeQuote {
  const usd = new Decimal(q.amount).mul(q.fromPriceUsd)
  const final = usd.mul(new Decimal(10_000 - q.feeHundredths).div(10_000)).toDecimalPlaces(8, Decimal.ROUND_HALF_UP)
  const receive = final.div(q.toPriceUsd).toDecimalPlaces(q.toPrecision, Decimal.ROUND_DOWN)
  return {
    amountUsd: usd.toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed(8),
    finalUsd: final.toFixed(8),
    estimatedReceive: receive.toFixed(q.toPrecision),
    fromPriceShown: shown(q.fromPriceUsd),
    toPriceShown: shown(q.toPriceUsd),
  }
}

function shown(price: string): string {
  return new Decimal(price).toSignificantDigits(8, Decimal.ROUND_HALF_UP).toFixed()
}
