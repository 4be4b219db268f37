/**
 * Payment URIs for TRX and TRC-20 tokens.
 *
 * TRON has no formal URI standard: there is no TIP equivalent of BIP21 or EIP-681. This builds
 * the BIP21-shaped `tron:<address>?amount=<decimal>[&token=<contract>]` form that TRON wallets
 * such as TronLink and Trust read from payment QR codes. It is a convention, not a spec:
 * Trust documents the `<coin>:<address>?amount=` shape for its payment links, TronLink's
 * published deep links are `tronlinkoutside://` JSON, and neither documents `token`. So the
 * checkout page must also show the address, amount and token as text: a wallet that ignores
 * `token` would offer to send the amount in TRX.
 */
import { parseAmount } from '../../../money/index.js'
import { isValidTronAddress } from './tron-address.js'

// TRX counts in sun, 1e-6 TRX.
const TRX_DECIMALS = 6

/**
 * `tron:<address>[?amount=<decimal>][&token=<contract>]`.
 *
 * `amount` is whole units as plain decimal text, copied as given: TRX when `token` is absent
 * (at most 6 fraction digits), otherwise units of the token (its decimals are not known here,
 * so only the format is checked). `token` is the TRC-20 contract's base58 address, e.g.
 * TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for USDT.
 *
 * Throws a TypeError for an invalid recipient or contract address and a RangeError for a
 * malformed amount, since a code that pays the wrong sum or nowhere is worse than no code.
 */
export function tronUri(address: string, amount?: string, token?: string): string {
  if (!isValidTronAddress(address)) throw new TypeError(`Not a TRON address: ${String(address)}`)
  if (token !== undefined && !isValidTronAddress(token)) {
    throw new TypeError(`Not a TRC-20 contract address: ${String(token)}`)
  }

  const params: string[] = []
  if (amount !== undefined) {
    // For a token, allowing as many fraction digits as the text has checks the format only.
    const decimals = token === undefined ? TRX_DECIMALS : amount.length
    if (!parseAmount(amount, decimals).ok) throw new RangeError(`Not a TRON amount: ${amount}`)
    params.push(`amount=${amount}`)
  }
  if (token !== undefined) params.push(`token=${token}`)

  return params.length === 0 ? `tron:${address}` : `tron:${address}?${params.join('&')}`
}
