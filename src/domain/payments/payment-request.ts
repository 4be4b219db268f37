import { FIAT_DECIMALS, FIAT_MAX_WHOLE, currencyInfo, isFiatCode, parseAmount, pow10 } from '../../money/index.js'
import type { CurrencyCode, FiatCode } from '../../money/index.js'
import { AmountInvalidError } from '../../errors/index.js'

/**
 * Checks an amount the way a careful cashier would: it must be a plain decimal, positive, no
 * finer than the currency can express, and not absurdly large. Each failure names the field.
 */
export function parseCryptoAmount(field: string, text: string, currency: CurrencyCode): bigint {
  const info = currencyInfo(currency)
  const parsed = parseAmount(text, info.decimals)
  if (!parsed.ok) {
    throw new AmountInvalidError(
      field,
      parsed.reason === 'TOO_MANY_DECIMALS'
        ? `has more than ${info.decimals} decimal places, the precision of ${currency}.`
        : 'must be a positive decimal number such as "100.00".',
    )
  }
  if (parsed.atomic === 0n) throw new AmountInvalidError(field, 'must be greater than zero.')
  if (parsed.atomic > info.maxWholeAmount * pow10(info.decimals)) {
    throw new AmountInvalidError(field, `is larger than the ${info.maxWholeAmount} ${currency} one payment may request.`)
  }
  return parsed.atomic
}

export interface FiatAmount {
  /** Decimal text as given, validated: conversion works on exact decimals. */
  text: string
  currency: FiatCode
}

export function parseFiatAmount(amountField: string, text: string, currencyField: string, currency: string): FiatAmount {
  if (!isFiatCode(currency)) {
    throw new AmountInvalidError(currencyField, 'must be one of USD, EUR, RUB, CNY, GBP.')
  }
  const parsed = parseAmount(text, FIAT_DECIMALS)
  if (!parsed.ok) {
    throw new AmountInvalidError(
      amountField,
      parsed.reason === 'TOO_MANY_DECIMALS'
        ? 'has more than 2 decimal places.'
        : 'must be a positive decimal number such as "5000" or "49.99".',
    )
  }
  if (parsed.atomic === 0n) throw new AmountInvalidError(amountField, 'must be greater than zero.')
  if (parsed.atomic > FIAT_MAX_WHOLE * 100n) throw new AmountInvalidError(amountField, 'is too large.')
  return { text, currency }
}
