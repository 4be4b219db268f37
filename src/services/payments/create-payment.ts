import { metadataJson } from '../../domain/payments/metadata-limits.js'
import { createHash, randomBytes } from 'node:crypto'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { Payment } from '../../domain/payments/payment.js'
import { parseCryptoAmount, parseFiatAmount } from '../../domain/payments/payment-request.js'
import type { PaymentRate } from '../../domain/payments/payment-rate.js'
import type { FiatAmount } from '../../domain/payments/payment-request.js'
import type { Selection } from '../../domain/payments/selection.js'
import { redirectUrlProblem } from '../../domain/stores/redirect-url.js'
import type { Store } from '../../domain/stores/store.js'
import {
  AmountInvalidError,
  AuthSignatureReplayedError,
  CurrencyNotAcceptedError,
  IdempotencyKeyReusedError,
  RequestInvalidError,
} from '../../errors/index.js'
import { isCurrencyCode } from '../../money/index.js'
import type { CurrencyCode } from '../../money/index.js'
import type { RateService } from '../../rates/index.js'
import { convertFiatToCrypto } from '../../rates/index.js'
import { openPayment } from './open-payment.js'
import { optionalRate, rateFrom } from './payment-rate-at.js'
import type { PaymentEngineDeps } from './payment-engine-deps.js'
import { recordSignatureUse } from '../signature-replay-guard.js'
import type { SignatureUse } from '../signature-replay-guard.js'

export interface CreatePaymentParams {
  amount?: string | undefined
  fiatAmount?: string | undefined
  fiatCurrency?: string | undefined
  /** Kassa extension: pick one of the store's currencies and skip the selection page. */
  currency?: string | undefined
  orderId?: string | undefined
  metadata?: Record<string, unknown> | undefined
  /** Kassa extension: where the final page's "Back to the store" link goes (redirect-url.ts rules). */
  redirectUrl?: string | undefined
  source: 'api' | 'widget' | 'donation' | 'link'
  idempotency?: IdempotencyRequest | undefined
  /**
   * The signed request's signature, recorded first in the creating transaction: a replay is
   * refused there; a create that fails leaves it to the caller to record (the Merchant API's
   * error handler, merchant-api-routes.ts).
   */
  signature?: SignatureUse | undefined
}

export interface IdempotencyRequest {
  key: string
  /** Raw request body; the same key with another body is refused. */
  body: string
  /** Renders the response to remember; called inside the creating transaction. */
  render: (result: CreatedPayment) => { status: number; body: string }
}

export type CreatedPayment =
  | { kind: 'payment'; payment: Payment }
  | { kind: 'selection'; selection: Selection; currencies: CurrencyCode[]; testMode: boolean }

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
  let rate: PaymentRate | null = null
  if (p.fiatAmount !== undefined || p.fiatCurrency !== undefined) {
    if (p.fiatAmount === undefined) throw new RequestInvalidError('fiat_amount is required with fiat_currency.')
    if (p.fiatCurrency === undefined) throw new RequestInvalidError('fiat_currency is required with fiat_amount.')
    fiat = parseFiatAmount('fiat_amount', p.fiatAmount, 'fiat_currency', p.fiatCurrency)
    const table = await rates.getRates()
    amount = convertFiatToCrypto(table, fiat.text, fiat.currency, baseCurrency)
    rate = rateFrom(table, baseCurrency, fiat.currency)
    if (amount === 0n) throw new AmountInvalidError('fiat_amount', `is too small to pay in ${baseCurrency}.`)
  } else if (p.amount !== undefined) {
    amount = parseCryptoAmount('amount', p.amount, baseCurrency)
    // A selection records its rate when the buyer picks (select-currency.ts).
    if (direct) rate = await optionalRate(rates, direct)
  } else {
    throw new RequestInvalidError('amount is required (or fiat_amount with fiat_currency).')
  }

  if (p.redirectUrl !== undefined) {
    const problem = redirectUrlProblem(p.redirectUrl)
    if (problem) throw new RequestInvalidError(`redirect_url ${problem}.`)
  }
  const redirectUrl = p.redirectUrl ?? null
  const now = deps.now()
  let metadata: string | null = null
  if (p.metadata !== undefined) {
    const m = metadataJson(p.metadata)
    if ('problem' in m) throw new RequestInvalidError(m.problem)
    metadata = m.json
  }
  return deps.repos.write(async (tx) => {
    if (p.signature && !(await recordSignatureUse(tx, p.signature))) throw new AuthSignatureReplayedError()
    if (p.idempotency) {
      const earlier = await claimIdempotencyKey(tx, store.id, p.idempotency, now)
      if (earlier) return earlier
    }
    let result: CreatedPayment
    if (direct) {
      const payment = await openPayment(deps, tx, store, {
        currency: direct,
        amount,
        orderId: p.orderId ?? null,
        metadata,
        fiat: fiat ?? null,
        rate,
        source: p.source,
        redirectUrl,
        now,
      })
      result = { kind: 'payment', payment }
    } else {
      const selection: Selection = {
        token: randomBytes(24).toString('base64url'),
        storeId: store.id,
        amount,
        baseCurrency,
        fiatAmount: fiat?.text ?? null,
        fiatCurrency: fiat?.currency ?? null,
        orderId: p.orderId ?? null,
        metadata,
        paymentId: null,
        expiresAt: now + store.expiryMinutes * 60_000,
        createdAt: now,
        // A widget's selection makes a widget payment (public slot budget, listing).
        source: p.source === 'api' ? null : p.source,
        redirectUrl,
      }
      await tx.selections.insert(selection)
      result = { kind: 'selection', selection, currencies: accepted, testMode: store.mode === 'test' }
    }
    if (p.idempotency) {
      const rendered = p.idempotency.render(result)
      await tx.idempotency.saveResponse(store.id, p.idempotency.key, rendered.status, rendered.body)
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
  tx: Repositories,
  storeId: string,
  req: IdempotencyRequest,
  now: number,
): Promise<CreatePaymentResult | undefined> {
  const requestHash = createHash('sha256').update(req.body).digest('hex')
  if (await tx.idempotency.claim(storeId, req.key, requestHash, now)) return undefined
  const earlier = await tx.idempotency.find(storeId, req.key)
  // The insert just found the key, and nothing deletes keys: absent, it is a broken database.
  if (!earlier) throw new Error(`idempotency key ${req.key} conflicted but cannot be read`)
  if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError()
  return { kind: 'replay', status: earlier.statusCode, body: earlier.responseBody }
}
