import { parseCryptoAmount } from '../../domain/payments/payment-request.js'
import type { Payout } from '../../domain/payouts/payout.js'
import type { Store } from '../../domain/stores/store.js'
import { RequestInvalidError } from '../../errors/index.js'
import { currencyInfo, formatAmount, isCurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { queuePayout, withdrawalSender } from './queue-payout.js'

export interface CreateWithdrawalParams {
  currency: string
  /** Decimal text, e.g. "0.25". */
  amount: string
  to: string
}

/**
 * A merchant withdrawal as the operator route, the dashboard and `kassa withdraw` ask for it:
 * the request's text checked field by field (currency, network and address before the amount,
 * so the first thing wrong is the one reported), then queued by `queuePayout`, which reserves
 * the balance in the payout's own unit of work. Any refusal leaves no trace: no payout, no
 * ledger entry.
 */
export async function createWithdrawal(
  deps: Pick<PaymentEngineDeps, 'repos' | 'chains' | 'now'>,
  store: Store,
  p: CreateWithdrawalParams,
): Promise<Payout> {
  if (typeof p.currency !== 'string' || !isCurrencyCode(p.currency)) {
    throw new RequestInvalidError(`currency must be one of Kassa's currency codes (USDT_ERC20, ETH, …).`)
  }
  const currency = p.currency
  if (typeof p.amount !== 'string') throw new RequestInvalidError('amount must be a decimal string such as "0.25".')
  if (typeof p.to !== 'string' || p.to.length === 0 || p.to.length > 200) throw new RequestInvalidError('to must be an address.')
  const sender = withdrawalSender(deps.chains, store, currency, p.to)
  const amount = parseCryptoAmount('amount', p.amount, currency)
  const least = sender.send?.minimumAmount
  if (least !== undefined && amount < least)
    throw new RequestInvalidError(
      `amount is below the smallest payout ${sender.network} relays (${formatAmount(least, currencyInfo(currency).decimals)} ${currency}, its dust limit).`,
    )
  return deps.repos.write((tx) => queuePayout(tx, deps, { kind: 'withdrawal', store, currency, amount, to: p.to }))
}
