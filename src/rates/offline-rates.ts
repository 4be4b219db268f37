import type { SwapOnlyAssetCode } from '../money/currencies.js'
import type { RatePrices } from './rate-table.js'

/**
 * Prices used when no live provider answers (and the whole table when running offline).
 * btc, eth and usdt in usd/eur/rub are the values printed in the Merchant API seed
 * (GET /api/v1/rates), so its examples, such as 5000 RUB = 55.24 USDT_TRC20, hold unchanged.
 * The cny/gbp columns and the ltc/trx rows are not in the seed; they follow the seed's own
 * cross rates (about 7.2 CNY and 0.79 GBP per USD) and are only meant to be plausible.
 * The swap-only coins carry a USD price only (the Swap API quotes in USD): doge is the price
 * the Swap seed's ETH → DOGE example prints, xrp, ton and sol are plausible round values.
 * An operator replaces the whole table with KASSA_RATES_FILE.
 */
export const OFFLINE_RATE_PRICES: Readonly<RatePrices & Record<SwapOnlyAssetCode, { usd: string }>> = {
  btc: { usd: '97500', eur: '91200', rub: '8775000', cny: '702000', gbp: '77000' },
  eth: { usd: '3200', eur: '2990', rub: '288000', cny: '23040', gbp: '2528' },
  usdt: { usd: '1.0001', eur: '0.935', rub: '90.5', cny: '7.2', gbp: '0.79' },
  ltc: { usd: '100', eur: '93.5', rub: '9000', cny: '720', gbp: '79' },
  trx: { usd: '0.25', eur: '0.2338', rub: '22.5', cny: '1.8', gbp: '0.1975' },
  doge: { usd: '0.22014648' },
  xrp: { usd: '2.5' },
  ton: { usd: '3.2' },
  sol: { usd: '180' },
}
