import { AmountInvalidError, RequestInvalidError } from '../../errors/index.js'
import { FIAT_DECIMALS, currencyInfo, formatAmount, isCurrencyCode, isFiatCode, parseAmount } from '../../money/index.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import { parseCryptoAmount, parseFiatAmount } from '../payments/payment-request.js'

/** Fixed: the merchant set the amount. Open: the buyer enters it, within min and max when set. */
export type PaymentLinkPricing = 'fixed' | 'open'

/**
 * A long-lived page that makes a fresh payment for each buyer (issue 15). Amounts are exact
 * decimal texts in `unit`, a fiat code (converted at each buyer's payment) or one of the
 * store's currencies (then the only currency the link takes). The repository
 * (db/repositories/payment-link-repository.ts) turns rows into this.
 */
export interface PaymentLink {
  /** UUIDv7: the public page is /link/{id}. */
  id: string
  storeId: string
  title: string
  description: string | null
  pricing: PaymentLinkPricing
  unit: FiatCode | CurrencyCode
  /** The price of a fixed link; null for an open one. */
  amount: string | null
  minAmount: string | null
  maxAmount: string | null
  /** The currencies a buyer may pay in; null: every currency the store takes at the time. */
  currencies: CurrencyCode[] | null
  active: boolean
  createdAt: number
  updatedAt: number
}

/** The merchant's form, field by field, as text. */
export interface PaymentLinkInput {
  title: string
  description: string
  pricing: string
  unit: string
  amount: string
  minAmount: string
  maxAmount: string
  /** Ticked currencies; none ticked: all of the store's. */
  currencies: string[]
}

export type PaymentLinkDraft = Omit<PaymentLink, 'id' | 'storeId' | 'active' | 'createdAt' | 'updatedAt'>

export const TITLE_MAX = 100
export const DESCRIPTION_MAX = 500

/** NUL and the other C0/C1 controls (tab and newlines aside): never meant as text on a page. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

/** A free-text field: trimmed, no control characters, at most `max` characters as people count them. */
export function checkText(field: string, text: string, max: number): string {
  const v = text.trim()
  if (CONTROL.test(v)) throw new RequestInvalidError(`${field} must not contain control characters.`)
  if ([...v].length > max) throw new RequestInvalidError(`${field} must be at most ${max} characters.`)
  return v
}

/** An amount in `unit`, checked with the same rules as the Merchant API's; returns its atomic units. */
export function parseUnitAmount(field: string, text: string, unit: FiatCode | CurrencyCode): bigint {
  if (isFiatCode(unit)) {
    parseFiatAmount(field, text, 'unit', unit)
    const parsed = parseAmount(text, FIAT_DECIMALS)
    if (!parsed.ok) throw new Error(`fiat amount ${text} passed parseFiatAmount but not parseAmount`)
    return parsed.atomic
  }
  return parseCryptoAmount(field, text, unit)
}

/** The decimal text of atomic units of `unit`, in its shortest exact form. */
export function formatUnitAmount(atomic: bigint, unit: FiatCode | CurrencyCode): string {
  return formatAmount(atomic, unitDecimals(unit))
}

function unitDecimals(unit: FiatCode | CurrencyCode): number {
  return isFiatCode(unit) ? FIAT_DECIMALS : currencyInfo(unit).decimals
}

/**
 * Checks the merchant's form against the store's currencies: a title, a known unit, a price
 * for a fixed link or a sensible min ≤ max for an open one, currencies the store takes. A
 * crypto unit names the one currency the link takes (nothing converts it into another).
 */
export function parsePaymentLinkInput(input: PaymentLinkInput, storeCurrencies: readonly CurrencyCode[]): PaymentLinkDraft {
  const title = checkText('title', input.title, TITLE_MAX)
  if (title === '') throw new RequestInvalidError('title is required.')
  const description = checkText('description', input.description, DESCRIPTION_MAX)
  if (input.pricing !== 'fixed' && input.pricing !== 'open') throw new RequestInvalidError('pricing must be "fixed" or "open".')
  const unitText = input.unit.trim()
  if (!isFiatCode(unitText) && !(isCurrencyCode(unitText) && storeCurrencies.includes(unitText)))
    throw new AmountInvalidError(
      'unit',
      `must be a fiat currency (USD, EUR, RUB, CNY, GBP) or one of the store's: ${storeCurrencies.join(', ')}.`,
    )
  const unit: FiatCode | CurrencyCode = unitText

  let amount: string | null = null
  let minAmount: string | null = null
  let maxAmount: string | null = null
  if (input.pricing === 'fixed') {
    if (input.amount.trim() === '') throw new AmountInvalidError('amount', 'is required for a fixed price.')
    amount = formatUnitAmount(parseUnitAmount('amount', input.amount.trim(), unit), unit)
  } else {
    const min = input.minAmount.trim() === '' ? null : parseUnitAmount('min_amount', input.minAmount.trim(), unit)
    const max = input.maxAmount.trim() === '' ? null : parseUnitAmount('max_amount', input.maxAmount.trim(), unit)
    if (min !== null && max !== null && min > max) throw new AmountInvalidError('min_amount', 'must not be more than max_amount.')
    minAmount = min === null ? null : formatUnitAmount(min, unit)
    maxAmount = max === null ? null : formatUnitAmount(max, unit)
  }

  let currencies: CurrencyCode[] | null
  if (isCurrencyCode(unit)) {
    currencies = [unit]
  } else {
    const ticked = [...new Set(input.currencies.map((c) => c.trim()).filter((c) => c !== ''))]
    for (const c of ticked)
      if (!isCurrencyCode(c) || !storeCurrencies.includes(c))
        throw new RequestInvalidError(`currencies: ${c.slice(0, 20)} is not one of the store's (${storeCurrencies.join(', ')}).`)
    currencies = ticked.length === 0 ? null : (ticked as CurrencyCode[])
  }
  return {
    title,
    description: description === '' ? null : description,
    pricing: input.pricing,
    unit,
    amount,
    minAmount,
    maxAmount,
    currencies,
  }
}

/**
 * What a buyer pays through the link, in its unit: the fixed price, or the amount they
 * entered, checked like any amount and against the link's min and max.
 */
export function buyerAmount(link: PaymentLink, entered: string | undefined): string {
  if (link.pricing === 'fixed') {
    if (link.amount === null) throw new Error(`payment link ${link.id} is fixed but has no amount`)
    return link.amount
  }
  const text = (entered ?? '').trim()
  if (text === '') throw new AmountInvalidError('amount', 'is required.')
  const atomic = parseUnitAmount('amount', text, link.unit)
  if (link.minAmount !== null && atomic < parseUnitAmount('min_amount', link.minAmount, link.unit))
    throw new AmountInvalidError('amount', `must be at least ${link.minAmount} ${link.unit}.`)
  if (link.maxAmount !== null && atomic > parseUnitAmount('max_amount', link.maxAmount, link.unit))
    throw new AmountInvalidError('amount', `must be at most ${link.maxAmount} ${link.unit}.`)
  return formatUnitAmount(atomic, link.unit)
}

/** The currencies a buyer may pick now: the link's that the store still takes, in the store's order. */
export function linkCurrencies(link: PaymentLink, storeCurrencies: readonly CurrencyCode[]): CurrencyCode[] {
  return link.currencies === null ? [...storeCurrencies] : storeCurrencies.filter((c) => link.currencies!.includes(c))
}
