import { createHash, randomBytes } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Database, PaymentsTable, SelectionsTable } from '../../db/schema.js'
import { parseCryptoAmount, parseFiatAmount } from '../../domain/payments/payment-request.js'
import type { FiatAmount } from '../../domain/payments/payment-request.js'
import type { Store } from '../../domain/stores/store.js'
import { AmountInvalidError, CurrencyNotAcceptedError, IdempotencyKeyReusedError, RequestInvalidError } from '../../errors/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { convertFiatToCrypto } from '../../rates/index.js'
import { openPayment } from './open-payment.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'

export type PaymentRow = Selectable<PaymentsTable>
export type SelectionRow = Selectable<SelectionsTable>

export interface CreatePaymentParams {
  amount?: string | undefined
  fiatAmount?: string | undefined
  fiatCurrency?: string | undefined
  /** Kassa extension: pick one of the store's currencies and skip the selection page. */
  currency?: string | undefined
  orderId?: string | undefined
  metadata?: Record<string, unknown> | undefined
  source: 'api' | 'widget' | 'donation'
  idempotency?: IdempotencyRequest | undefined
}

export interface IdempotencyRequest {
  key: string
  /** Raw request body; the same key with another body is refused. */
  body: string
  /** Renders the response to remember; called inside the creating transaction. */
  render: (result: CreatedPayment) => { status: number; body: string }
}

export type CreatedPayment =
  | { kind: 'payment'; payment: PaymentRow }
  | { kind: 'selection'; selection: SelectionRow; currencies: CurrencyCode[]; testMode: boolean }

/** A new payment or selection, or the stored response of an earlier request with the same key. */
export type CreatePaymentResult = CreatedPayment | { kind: 'replay'; status: number; body: string }

/**
 * POST /api/v1/payment/create. One currency (or an explicit `currency`): the payment is made
 * now. Several: a selection is made and the payment follows when the buyer picks a currency;
 * a plain `amount` is then in the store's first currency (DESIGN.md).
 */
export async function createPayment(
  deps: PaymentEngineDeps,
  rates: RateService,
  store: Store,
  p: CreatePaymentParams,
): Promise<CreatePaymentResult> {
  const accepted = store.currencies.map((c) => c.code)
  let direct: CurrencyCode | undefined
  if (p.currency !== undefined) {
    if (!isCurrencyCode(p.currency) || !accepted.includes(p.currency)) throw new CurrencyNotAcceptedError(p.currency, accepted)
    direct = p.currency
  } else if (accepted.length === 1) {
    direct = accepted[0]
  }
  const baseCurrency = direct ?? (accepted[0] as CurrencyCode)

  let fiat: FiatAmount | undefined
  let amount: bigint
  if (p.fiatAmount !== undefined || p.fiatCurrency !== undefined) {
    if (p.fiatAmount === undefined) throw new RequestInvalidError('fiat_amount is required with fiat_currency.')
    if (p.fiatCurrency === undefined) throw new RequestInvalidError('fiat_currency is required with fiat_amount.')
    fiat = parseFiatAmount('fiat_amount', p.fiatAmount, 'fiat_currency', p.fiatCurrency)
    amount = convertFiatToCrypto(await rates.getRates(), fiat.text, fiat.currency, baseCurrency)
    if (amount === 0n) throw new AmountInvalidError('fiat_amount', `is too small to pay in ${baseCurrency}.`)
  } else if (p.amount !== undefined) {
    amount = parseCryptoAmount('amount', p.amount, baseCurrency)
  } else {
    throw new RequestInvalidError('amount is required (or fiat_amount with fiat_currency).')
  }

  const now = deps.now()
  const metadata = p.metadata === undefined ? null : JSON.stringify(p.metadata)
  return deps.writes.run(async (trx) => {
    if (p.idempotency) {
      const earlier = await claimIdempotencyKey(trx, store.id, p.idempotency, now)
      if (earlier) return earlier
    }
    let result: CreatedPayment
    if (direct) {
      const payment = await openPayment(deps, trx, store, {
        currency: direct, amount, orderId: p.orderId ?? null, metadata, fiat: fiat ?? null, source: p.source, now,
      })
      result = { kind: 'payment', payment }
    } else {
      const selection: SelectionRow = {
        token: randomBytes(24).toString('base64url'),
        store_id: store.id,
        amount: amount.toString(),
        base_currency: baseCurrency,
        fiat_amount: fiat?.text ?? null,
        fiat_currency: fiat?.currency ?? null,
        order_id: p.orderId ?? null,
        metadata,
        payment_id: null,
        expires_at: now + store.expiryMinutes * 60_000,
        created_at: now,
        // A widget's selection makes a widget payment (public slot budget, listing).
        source: p.source === 'api' ? null : p.source,
      }
      await trx.insertInto('selections').values(selection).execute()
      result = { kind: 'selection', selection, currencies: accepted, testMode: store.mode === 'test' }
    }
    if (p.idempotency) {
      const rendered = p.idempotency.render(result)
      await trx
        .updateTable('idempotency_keys')
        .set({ status_code: rendered.status, response_body: rendered.body })
        .where('store_id', '=', store.id)
        .where('key', '=', p.idempotency.key)
        .execute()
    }
    return result
  })
}

/**
 * Inserts the key first: a concurrent request with the same key then waits on the key's
 * unique index until this transaction ends, and sees its stored response afterwards.
 * Returns the earlier response to replay, or undefined when this request is the first.
 */
async function claimIdempotencyKey(
  trx: Kysely<Database>,
  storeId: string,
  req: IdempotencyRequest,
  now: number,
): Promise<CreatePaymentResult | undefined> {
  const requestHash = createHash('sha256').update(req.body).digest('hex')
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ store_id: storeId, key: req.key, request_hash: requestHash, status_code: 0, response_body: '', created_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst()
  if (inserted) return undefined
  const earlier = await trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('key', '=', req.key)
    .executeTakeFirstOrThrow()
  if (earlier.request_hash !== requestHash) throw new IdempotencyKeyReusedError()
  return { kind: 'replay', status: earlier.status_code, body: earlier.response_body }
}
