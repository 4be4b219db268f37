import { RECORDED_RATE_FIAT } from '../../domain/payments/payment-rate.js'
import type { PaymentRate } from '../../domain/payments/payment-rate.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import type { RateService, RateTable } from '../../rates/index.js'
import { currencyPrice } from '../../rates/index.js'

/**
 * The rate a new payment records (migration 014): the price its fiat amount was converted at,
 * or for a crypto amount the USD price of the day. Null when the table lacks the price.
 */
export function rateFrom(table: RateTable, currency: CurrencyCode, fiat: FiatCode | null): PaymentRate | null {
  const in_ = fiat ?? RECORDED_RATE_FIAT
  try {
    return { fiat: in_, price: currencyPrice(table, currency, in_) }
  } catch {
    return null
  }
}

/**
 * For a payment made from a crypto amount, which needs no rate: the rate is only recorded for
 * the dashboard, so a slow or failing rate source must neither delay nor refuse the payment.
 * The table being served is used as it is (servedRates); a refresh it starts is not awaited.
 */
export async function optionalRate(rates: RateService, currency: CurrencyCode): Promise<PaymentRate | null> {
  try {
    return rateFrom(await rates.servedRates(), currency, null)
  } catch {
    return null
  }
}
