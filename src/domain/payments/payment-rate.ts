import { Decimal } from 'decimal.js'
import { FIAT_DECIMALS, currencyInfo, fiatWorth } from '../../money/index.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'

/**
 * The rate a payment was made at: the price of one whole unit of its currency in `fiat`, as the
 * rate table held it when the payment was created (migration 014). A payment made from a fiat
 * amount records the price its amount was converted at; one made from a crypto amount records
 * the USD price, so the dashboard can still say what it was worth. Null on payments made before
 * the rate was kept, or when no rate was to be had (the rate source was down: a crypto-amount
 * payment does not need one, so it is made without).
 */
export interface PaymentRate {
  fiat: FiatCode
  /** Canonical decimal text, e.g. "61234.5". */
  price: string
}

/** The fiat a crypto-amount payment's rate is recorded in. */
export const RECORDED_RATE_FIAT: FiatCode = 'USD'

/** What a payment was worth in fiat when it was made, for the dashboard. */
export interface PaymentFiatValue {
  fiat: string
  /** Decimal text with the fiat's two decimals. */
  amount: string
  /** The merchant asked for this fiat amount (exact), or it is worked out from the recorded rate (rounded down). */
  basis: 'requested' | 'rate'
  /** Price of one unit of the currency, or null when no rate is known. */
  price: string | null
  /** The price is the requested fiat amount divided by the crypto amount (an older payment with no recorded rate). */
  priceDerived: boolean
}

interface Priced {
  currency: CurrencyCode
  amountRequested: bigint
  fiatAmount: string | null
  fiatCurrency: string | null
  rate: PaymentRate | null
}

/**
 * The fiat value: the requested fiat amount where the payment was made from one, else the crypto
 * amount at the recorded rate; null when neither is known. Exact decimal arithmetic (decimal.js
 * with the precision raised past any amount's digits), never a JS number.
 */
export function paymentFiatValue(p: Priced): PaymentFiatValue | null {
  const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN })
  const units = new D(p.amountRequested.toString()).div(new D(10).pow(currencyInfo(p.currency).decimals))
  if (p.fiatAmount !== null && p.fiatCurrency !== null) {
    const recorded = p.rate !== null && p.rate.fiat === p.fiatCurrency ? p.rate.price : null
    const derived = recorded === null && !units.isZero()
    return {
      fiat: p.fiatCurrency,
      amount: new D(p.fiatAmount).toFixed(FIAT_DECIMALS),
      basis: 'requested',
      // Six decimals: enough to tell a rate apart on a cheap coin, not a false precision on BTC.
      price: recorded ?? (derived ? trimZeros(new D(p.fiatAmount).div(units).toFixed(6)) : null),
      priceDerived: derived,
    }
  }
  if (p.rate === null) return null
  return {
    fiat: p.rate.fiat,
    amount: fiatWorth(p.amountRequested, currencyInfo(p.currency).decimals, p.rate.price),
    basis: 'rate',
    price: p.rate.price,
    priceDerived: false,
  }
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}
