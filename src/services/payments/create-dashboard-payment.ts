import { checkText } from '../../domain/payment-links/payment-link.js'
import type { Payment } from '../../domain/payments/payment.js'
import type { Selection } from '../../domain/payments/selection.js'
import type { Store } from '../../domain/stores/store.js'
import { PaymentNotFoundError, RequestInvalidError, SelectionNotFoundError } from '../../errors/index.js'
import type { RateService } from '../../rates/index.js'
import { createPayment } from './create-payment.js'
import type { CreatedPayment } from './create-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'
import { findPayment } from './payment-queries.js'
import { findSelection } from './select-currency.js'

/** The dashboard's "New payment" form, field by field, as text. */
export interface DashboardPaymentInput {
  /** 'crypto': `amount` in the payment's currency; 'fiat': `fiatAmount` in `fiatCurrency`. */
  amountKind: string
  amount: string
  fiatAmount: string
  fiatCurrency: string
  /** One of the store's currencies, or '' to let the buyer choose on the selection page. */
  currency: string
  orderId: string
  description: string
}

export const ORDER_ID_MAX = 255
export const DESCRIPTION_MAX = 500

/**
 * "New payment" in the dashboard (issue 15): the Merchant API's createPayment with the same
 * rules, so a payment made here is the one `POST /api/v1/payment/create` would have made
 * (source 'api', webhooks and all). The description goes into the metadata, as
 * `{"description": …}`: the payment has no column for it.
 */
export async function createDashboardPayment(
  deps: PaymentEngineDeps,
  rates: RateService,
  store: Store,
  input: DashboardPaymentInput,
): Promise<CreatedPayment> {
  const orderId = checkText('order_id', input.orderId, ORDER_ID_MAX)
  const description = checkText('description', input.description, DESCRIPTION_MAX)
  if (input.amountKind !== 'crypto' && input.amountKind !== 'fiat') throw new RequestInvalidError('Choose a crypto or a fiat amount.')
  const fiat = input.amountKind === 'fiat'
  const r = await createPayment(deps, rates, store, {
    ...(fiat ? { fiatAmount: input.fiatAmount.trim(), fiatCurrency: input.fiatCurrency.trim() } : { amount: input.amount.trim() }),
    ...(input.currency.trim() !== '' && { currency: input.currency.trim().slice(0, 20) }),
    ...(orderId !== '' && { orderId }),
    ...(description !== '' && { metadata: { description } }),
    source: 'api',
  })
  if (r.kind === 'replay') throw new Error('unreachable: dashboard payments take no idempotency key')
  return r
}

/** A payment this store made, for the result page: another store's id answers 404 like an unknown one. */
export async function paymentOfStore(deps: PaymentEngineDeps, storeId: string, paymentId: string): Promise<Payment> {
  const payment = await findPayment(deps, paymentId)
  if (payment.storeId !== storeId) throw new PaymentNotFoundError(paymentId)
  return payment
}

/** A selection this store made, for the result page of a multi-currency payment. */
export async function selectionOfStore(deps: PaymentEngineDeps, storeId: string, token: string): Promise<Selection> {
  const selection = await findSelection(deps, token)
  if (selection.storeId !== storeId) throw new SelectionNotFoundError()
  return selection
}
