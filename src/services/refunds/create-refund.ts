import { randomBytes } from 'node:crypto'
import type { Repositories } from '../../db/repositories/repositories.js'
import { uuidV7 } from '../../db/uuid-v7.js'
import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import { refundReserveLines } from '../../domain/ledger/refund-posting.js'
import { parseCryptoAmount } from '../../domain/payments/payment-request.js'
import { mayRefund, refundableAmount } from '../../domain/refunds/refund.js'
import type { Refund } from '../../domain/refunds/refund.js'
import type { Store } from '../../domain/stores/store.js'
import {
  PaymentNotFoundError,
  PayoutNotSupportedError,
  RefundExceedsBalanceError,
  RefundExceedsRefundableError,
  RefundNotAllowedError,
  RequestInvalidError,
} from '../../errors/index.js'
import { currencyInfo, formatAmount } from '../../money/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'
import { PAYMENT_ID } from '../payments/payment-queries.js'
import { queuePayout, withdrawalSender } from '../payouts/queue-payout.js'

/** The longest reason kept with a refund. */
export const REFUND_REASON_MAX = 500
/** The longest address text looked at: longer is no address of any network. */
const ADDRESS_MAX = 200

export interface CreateRefundParams {
  /** Decimal text in the payment's currency; absent (or empty): everything still refundable. */
  amount?: string | undefined
  /** The buyer's address; absent (or empty): the buyer enters it on the refund link's page. */
  address?: string | undefined
  reason?: string | undefined
}

/**
 * A merchant's refund of one of the store's payments (the Merchant API and the dashboard):
 * the request is checked field by field, then, in one unit of work, the payment is locked, the
 * refundable amount worked out from what it received less its refunds not failed, the store's
 * available balance locked and checked, the amount reserved from it, and, with an address, the
 * payout queued (queuePayout). Two refunds asked at once therefore run one after the other on
 * the locked payment row (PostgreSQL) or the single writer (SQLite), and the second sees the
 * first: together they never exceed what was received. A refusal writes nothing.
 */
export async function createRefund(
  deps: Pick<PaymentEngineDeps, 'repos' | 'chains' | 'now'>,
  store: Store,
  paymentId: string,
  p: CreateRefundParams,
): Promise<Refund> {
  if (!PAYMENT_ID.test(paymentId)) throw new PaymentNotFoundError(paymentId)
  if (p.amount !== undefined && typeof p.amount !== 'string')
    throw new RequestInvalidError('amount must be a decimal string such as "10.50".')
  if (p.address !== undefined && (typeof p.address !== 'string' || p.address.length > ADDRESS_MAX))
    throw new RequestInvalidError('address must be an address of the payment currency’s network.')
  if (p.reason !== undefined && (typeof p.reason !== 'string' || p.reason.length > REFUND_REASON_MAX))
    throw new RequestInvalidError(`reason must be a text of at most ${REFUND_REASON_MAX} characters.`)
  const address = p.address?.trim() || undefined
  const reason = p.reason?.trim() || null

  // Read outside the lock for the checks that need no consistency: the payment's currency does not change.
  const seen = await deps.repos.payments.ofStore(store.id, paymentId)
  if (!seen) throw new PaymentNotFoundError(paymentId)
  const currency = seen.currency
  const decimals = currencyInfo(currency).decimals
  const sender = address === undefined ? refundNetwork(deps, store, currency) : withdrawalSender(deps.chains, store, currency, address)
  const asked = p.amount === undefined || p.amount.trim() === '' ? undefined : parseCryptoAmount('amount', p.amount.trim(), currency)
  const least = sender.send?.minimumAmount

  return deps.repos.write(async (tx) => {
    const payment = await tx.payments.byIdForUpdate(paymentId)
    if (!payment || payment.storeId !== store.id) throw new PaymentNotFoundError(paymentId)
    if (!mayRefund(payment)) throw new RefundNotAllowedError(paymentId, payment.status)
    const refundable = refundableAmount(payment.ledger.credited, await tx.refunds.ofPayment(paymentId))
    const amount = asked ?? refundable
    if (amount === 0n || amount > refundable)
      throw new RefundExceedsRefundableError(
        formatAmount(amount, decimals),
        formatAmount(refundable, decimals),
        currency,
        refundable === 0n,
      )
    if (least !== undefined && amount < least)
      throw new RequestInvalidError(
        `amount is below the smallest payout ${sender.network} relays (${formatAmount(least, decimals)} ${currency}, its dust limit).`,
      )
    await reserve(tx, store, currency, amount)
    const refund = {
      id: uuidV7(deps.now()),
      paymentId,
      storeId: store.id,
      currency,
      amount,
      token: randomBytes(24).toString('base64url'),
      reason,
      createdAt: deps.now(),
    }
    await tx.refunds.insert(refund)
    await tx.ledger.post({
      currency,
      storeId: store.id,
      paymentId,
      lines: refundReserveLines(store.id, amount),
      now: deps.now(),
    })
    if (address !== undefined) {
      await queuePayout(tx, deps, { kind: 'refund', store, refundId: refund.id, paymentId, currency, amount, to: address })
    }
    return (await tx.refunds.byToken(refund.token))!
  })
}

/** The store's available balance, locked, must cover the refund. */
async function reserve(tx: Repositories, store: Store, currency: Refund['currency'], amount: bigint): Promise<void> {
  const available = await tx.ledger.lockedBalance(ledgerAccount.available(store.id), currency)
  if (amount > available) {
    const d = currencyInfo(currency).decimals
    throw new RefundExceedsBalanceError(formatAmount(amount, d), formatAmount(available, d), currency)
  }
}

/**
 * The network that will send a refund whose address is not known yet: it must exist and be
 * able to send, or the buyer would be given a link that can never pay out.
 */
export function refundNetwork(deps: Pick<PaymentEngineDeps, 'chains'>, store: Pick<Store, 'mode'>, currency: Refund['currency']) {
  const adapter = deps.chains.forCurrency(store.mode, currency)
  if (!adapter) throw new PayoutNotSupportedError(currency, `no ${store.mode} network serves it`)
  if (!adapter.capabilities.supportsSend || !adapter.send) {
    throw new PayoutNotSupportedError(currency, `${adapter.network} has no hot wallet configured`)
  }
  return adapter
}
