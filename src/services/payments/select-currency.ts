import { toStore } from '../../db/repositories/store-repository.js'
import { StoreDisabledError, AmountInvalidError, CurrencyNotAcceptedError, SelectionAlreadyMadeError, SelectionExpiredError, SelectionNotFoundError } from '../../errors/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { convertCrypto, convertFiatToCrypto } from '../../rates/index.js'
import type { PaymentRow, SelectionRow } from './create-payment.js'
import { openPayment } from './open-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

/** Tokens are 24 random bytes in base64url; anything else cannot be one. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/

export async function findSelection(deps: PaymentEngineDeps, token: string): Promise<SelectionRow> {
  if (!TOKEN.test(token)) throw new SelectionNotFoundError()
  const row = await deps.db.selectFrom('selections').selectAll().where('token', '=', token).executeTakeFirst()
  if (!row) throw new SelectionNotFoundError()
  return row
}

/**
 * The buyer picks a currency on the selection page: the payment is created now, converted at
 * today's rate (DESIGN.md). Picking the same currency again returns the same payment, so a
 * double click or a reload is harmless; picking another once one exists is refused.
 */
export async function selectCurrency(
  deps: PaymentEngineDeps,
  rates: RateService,
  token: string,
  currency: string,
): Promise<PaymentRow> {
  if (!TOKEN.test(token)) throw new SelectionNotFoundError()
  const table = await rates.getRates()
  const now = deps.now()
  return deps.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('selections').selectAll().where('token', '=', token)
    if (deps.dialect.supportsForUpdate) query = query.forUpdate()
    const sel = await query.executeTakeFirst()
    if (!sel) throw new SelectionNotFoundError()
    const storeRow = await trx.selectFrom('stores').selectAll().where('id', '=', sel.store_id).executeTakeFirstOrThrow()
    const store = toStore(storeRow)
    if (!store.enabled) throw new StoreDisabledError()
    if (sel.payment_id) {
      const existing = await trx.selectFrom('payments').selectAll().where('id', '=', sel.payment_id).executeTakeFirstOrThrow()
      if (existing.currency === currency) return existing
      throw new SelectionAlreadyMadeError(sel.payment_id)
    }
    if (now >= sel.expires_at) throw new SelectionExpiredError()
    const accepted = store.currencies.map((c) => c.code)
    if (!isCurrencyCode(currency) || !accepted.includes(currency)) throw new CurrencyNotAcceptedError(currency, accepted)
    const amount =
      sel.fiat_amount !== null && sel.fiat_currency !== null
        ? convertFiatToCrypto(table, sel.fiat_amount, sel.fiat_currency as FiatCode, currency)
        : convertCrypto(table, BigInt(sel.amount), sel.base_currency as CurrencyCode, currency)
    if (amount === 0n) throw new AmountInvalidError('amount', `is too small to pay in ${currency}.`)
    const payment = await openPayment(deps, trx, store, {
      currency,
      amount,
      orderId: sel.order_id,
      metadata: sel.metadata,
      fiat: sel.fiat_amount !== null ? { text: sel.fiat_amount, currency: sel.fiat_currency as FiatCode } : null,
      source: sel.source ?? 'selection',
      now,
    })
    await trx.updateTable('selections').set({ payment_id: payment.id }).where('token', '=', token).execute()
    return payment
  })
}
