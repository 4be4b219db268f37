import type { Payment } from '../../domain/payments/payment.js'
import type { Selection } from '../../domain/payments/selection.js'
import {
  StoreDisabledError,
  AmountInvalidError,
  CurrencyNotAcceptedError,
  SelectionAlreadyMadeError,
  SelectionExpiredError,
  SelectionNotFoundError,
} from '../../errors/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { convertCrypto, convertFiatToCrypto } from '../../rates/index.js'
import { openPayment } from './open-payment.js'
import { rateFrom } from './payment-rate-at.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/** Tokens are 24 random bytes in base64url; anything else cannot be one. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/

export async function findSelection(deps: PaymentEngineDeps, token: string): Promise<Selection> {
  if (!TOKEN.test(token)) throw new SelectionNotFoundError()
  const selection = await deps.repos.selections.byToken(token)
  if (!selection) throw new SelectionNotFoundError()
  return selection
}

/**
 * The buyer picks a currency on the selection page: the payment is created now, converted at
 * today's rate (DESIGN.md). Picking the same currency again returns the same payment, so a
 * double click or a reload is harmless; picking another once one exists is refused.
 */
export async function selectCurrency(deps: PaymentEngineDeps, rates: RateService, token: string, currency: string): Promise<Payment> {
  if (!TOKEN.test(token)) throw new SelectionNotFoundError()
  const table = await rates.getRates()
  const now = deps.now()
  return deps.repos.transaction(async (tx) => {
    const sel = await tx.selections.byTokenForUpdate(token)
    if (!sel) throw new SelectionNotFoundError()
    const store = await tx.stores.byId(sel.storeId)
    if (!store) throw new Error(`selection ${token} names no store`)
    if (!store.enabled) throw new StoreDisabledError()
    if (sel.paymentId) {
      const existing = await tx.payments.byId(sel.paymentId)
      if (!existing) throw new Error(`selection ${token} names no payment`)
      if (existing.currency === currency) return existing
      throw new SelectionAlreadyMadeError(sel.paymentId)
    }
    if (now >= sel.expiresAt) throw new SelectionExpiredError()
    const accepted = store.currencies.map((c) => c.code)
    if (!isCurrencyCode(currency) || !accepted.includes(currency)) throw new CurrencyNotAcceptedError(currency, accepted)
    const amount =
      sel.fiatAmount !== null && sel.fiatCurrency !== null
        ? convertFiatToCrypto(table, sel.fiatAmount, sel.fiatCurrency, currency)
        : convertCrypto(table, sel.amount, sel.baseCurrency, currency)
    if (amount === 0n) throw new AmountInvalidError('amount', `is too small to pay in ${currency}.`)
    const payment = await openPayment(deps, tx, store, {
      currency,
      amount,
      orderId: sel.orderId,
      metadata: sel.metadata,
      fiat: sel.fiatAmount !== null && sel.fiatCurrency !== null ? { text: sel.fiatAmount, currency: sel.fiatCurrency } : null,
      rate: rateFrom(table, currency, sel.fiatAmount !== null ? sel.fiatCurrency : null),
      source: sel.source ?? 'selection',
      redirectUrl: sel.redirectUrl ?? null,
      now,
    })
    await tx.selections.setPayment(token, payment.id)
    return payment
  })
}
