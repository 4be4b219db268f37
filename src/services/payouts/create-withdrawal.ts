import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import { parseCryptoAmount } from '../../domain/payments/payment-request.js'
import type { Payout } from '../../domain/payouts/payout.js'
import type { Store } from '../../domain/stores/store.js'
import { RequestInvalidError, WithdrawalExceedsBalanceError } from '../../errors/index.js'
import { currencyInfo, formatAmount, isCurrencyCode } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { queuePayout, withdrawalSender } from './queue-payout.js'

export interface CreateWithdrawalParams {
  currency: string
  /** Decimal text, e.g. "0.25". */
  amount: string
  to: string
}

/** A withdrawal request that passed every check; what a confirmation step shows. */
export interface CheckedWithdrawal {
  currency: CurrencyCode
  amount: bigint
  to: string
  /** The network that will send it. */
  network: string
  testMode: boolean
}

type WithdrawalDeps = Pick<PaymentEngineDeps, 'repos' | 'chains' | 'now'>

/**
 * The request's text checked field by field (currency, network and address before the amount,
 * so the first thing wrong is the one reported), and the amount against the available balance
 * as it is now. Reads only: the dashboard's confirmation step shows the result, and
 * `queuePayout` checks the balance again under its lock when the payout is written.
 */
export async function checkWithdrawal(deps: WithdrawalDeps, store: Store, p: CreateWithdrawalParams): Promise<CheckedWithdrawal> {
  if (typeof p.currency !== 'string' || !isCurrencyCode(p.currency)) {
    throw new RequestInvalidError(`currency must be one of Kassa's currency codes (USDT_ERC20, ETH, …).`)
  }
  const currency = p.currency
  if (typeof p.amount !== 'string') throw new RequestInvalidError('amount must be a decimal string such as "0.25".')
  if (typeof p.to !== 'string' || p.to.length === 0 || p.to.length > 200) throw new RequestInvalidError('to must be an address.')
  const sender = withdrawalSender(deps.chains, store, currency, p.to)
  const amount = parseCryptoAmount('amount', p.amount, currency)
  const decimals = currencyInfo(currency).decimals
  const least = sender.send?.minimumAmount
  if (least !== undefined && amount < least)
    throw new RequestInvalidError(
      `amount is below the smallest payout ${sender.network} relays (${formatAmount(least, decimals)} ${currency}, its dust limit).`,
    )
  const account = ledgerAccount.available(store.id)
  const available = (await deps.repos.ledger.balances([account])).get(account)?.get(currency) ?? 0n
  if (amount > available)
    throw new WithdrawalExceedsBalanceError(formatAmount(amount, decimals), formatAmount(available, decimals), currency)
  return { currency, amount, to: p.to, network: sender.network, testMode: sender.testMode }
}

/**
 * A merchant withdrawal as the operator route and `kassa withdraw` ask for it: checked by
 * `checkWithdrawal`, then queued by `queuePayout`, which reserves the balance in the payout's
 * own unit of work. Any refusal leaves no trace: no payout, no ledger entry.
 */
export async function createWithdrawal(deps: WithdrawalDeps, store: Store, p: CreateWithdrawalParams): Promise<Payout> {
  const w = await checkWithdrawal(deps, store, p)
  return deps.repos.write((tx) => queuePayout(tx, deps, { kind: 'withdrawal', store, currency: w.currency, amount: w.amount, to: w.to }))
}

/**
 * The dashboard's confirmed withdrawal: the same, with the confirmation's one-use token spent in
 * the payout's own unit of work. A double click or a resubmitted confirmation finds the token
 * spent and writes nothing: 'already-submitted'. The concurrent case waits on the token's key
 * until the first commits (form-token-repository.ts), so two requests never make two payouts.
 */
export async function createConfirmedWithdrawal(
  deps: WithdrawalDeps,
  store: Store,
  p: CreateWithdrawalParams,
  oneUseToken: string,
): Promise<Payout | 'already-submitted'> {
  const w = await checkWithdrawal(deps, store, p)
  return deps.repos.write(async (tx) => {
    if (!(await tx.formTokens.spend(`withdrawal:${oneUseToken}`, deps.now()))) return 'already-submitted' as const
    return queuePayout(tx, deps, { kind: 'withdrawal', store, currency: w.currency, amount: w.amount, to: w.to })
  })
}

/** Whether the confirmation's token was spent already (a resubmission, before any other check). */
export function withdrawalSubmitted(deps: Pick<PaymentEngineDeps, 'repos'>, oneUseToken: string): Promise<boolean> {
  return deps.repos.formTokens.isSpent(`withdrawal:${oneUseToken}`)
}
