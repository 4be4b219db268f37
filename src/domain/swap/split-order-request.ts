import {
  SwapAddressInvalidError,
  SwapAmountTooHighError,
  SwapAmountTooLowError,
  SwapPairUnknownError,
  SwapRequestInvalidError,
} from '../../errors/index.js'
import { formatAmount, parseAmount } from '../../money/index.js'
import { swapCoin } from './swap-coins.js'
import type { SwapCoin } from './swap-coins.js'
import { parseDelay, parsePercent, parseServiceFee } from './swap-fields.js'
import { MIXER_LIMITS } from './swap-rules.js'

/** What the domain needs to know of an address: valid on the network, and a tag packed inside (XRP X-address). */
export interface DestinationCheck {
  isValid(coin: SwapCoin, address: string): boolean
  embeddedTag(coin: SwapCoin, address: string): string | null
}

export interface SplitOutputRequest {
  address: string
  tag: string | null
  shareHundredths: number
  delayMinutes: number
}

export interface SplitOrderRequest {
  coin: SwapCoin
  amount: bigint
  outputs: SplitOutputRequest[]
  serviceFeeHundredths: number
  partnerKey: string | null
  qrcode: boolean
}

const UINT32_MAX = 4_294_967_295

/**
 * POST /v1/mixer/orders, every rule of the seed (バリデーションルール) in the order a person
 * fixing their request would want them: shape, pair, outputs, amount, fee. Nothing is written
 * before all of them pass, so a refused request leaves no half-created order.
 */
export function parseSplitOrderRequest(body: Record<string, unknown>, addresses: DestinationCheck): SplitOrderRequest {
  refuseUnknownFields('', body, SPLIT_ORDER_FIELDS)
  if (body.action !== undefined && body.action !== 'create_order') throw new SwapRequestInvalidError('action must be "create_order".')
  const coin = requiredPair(body.crypto, body.network, 'crypto', 'network')
  const list = body.addresses
  if (!Array.isArray(list) || list.length < MIXER_LIMITS.minOutputs || list.length > MIXER_LIMITS.maxOutputs) {
    throw new SwapRequestInvalidError(`addresses must be a list of ${MIXER_LIMITS.minOutputs} to ${MIXER_LIMITS.maxOutputs} outputs.`)
  }
  const outputs = list.map((entry, i) => parseOutput(entry, i, coin, addresses))
  const sum = outputs.reduce((s, o) => s + o.shareHundredths, 0)
  if (sum !== 10_000) throw new SwapRequestInvalidError('Sum of percents must be exactly 100.00')
  const amount = parseCoinAmount('amount', body.amount, coin)
  const serviceFeeHundredths = body.service_fee === undefined ? parseServiceFee(coin.defaultServiceFee) : parseServiceFee(body.service_fee)
  return { coin, amount, outputs, serviceFeeHundredths, partnerKey: optionalKey(body.partner), qrcode: parseQrFlag(body.qrcode) }
}

/** The seed's fields of a split order, and of each of its outputs; anything else is refused. */
const SPLIT_ORDER_FIELDS = ['action', 'addresses', 'amount', 'crypto', 'network', 'partner', 'service_fee', 'qrcode']
const OUTPUT_FIELDS = ['address', 'percent', 'delay', 'destination_tag', 'memo']

/** As the Merchant API does: a misspelt field ("delays") is an error, not silently ignored. */
export function refuseUnknownFields(at: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(value)) {
    if (!known.includes(k)) throw new SwapRequestInvalidError(`Unknown field ${at}${k}.`)
  }
}

export function requiredPair(coinValue: unknown, networkValue: unknown, coinField: string, networkField: string): SwapCoin {
  if (typeof coinValue !== 'string' || coinValue === '') throw new SwapRequestInvalidError(`${coinField} is required.`)
  if (typeof networkValue !== 'string' || networkValue === '') throw new SwapRequestInvalidError(`${networkField} is required.`)
  const coin = swapCoin(coinValue, networkValue)
  if (!coin) throw new SwapPairUnknownError(coinValue, networkValue)
  return coin
}

/** An amount in coin units within the coin's min/max (seed: AMOUNT_TOO_LOW / AMOUNT_TOO_HIGH). */
export function parseCoinAmount(field: string, value: unknown, coin: SwapCoin): bigint {
  const text = typeof value === 'string' ? value : undefined
  if (text === undefined) throw new SwapRequestInvalidError(`${field} is required, as a decimal with a dot, e.g. "10.00000000".`)
  const r = parseAmount(text, coin.precision)
  if (!r.ok) {
    throw new SwapRequestInvalidError(
      r.reason === 'TOO_MANY_DECIMALS'
        ? `${field} has more than ${coin.precision} decimals, the precision of ${coin.coin.toUpperCase()}.`
        : `${field} must be a plain decimal with a dot, e.g. "10.00000000".`,
    )
  }
  const min = unitsOf(coin.minAmount, coin)
  const max = unitsOf(coin.maxAmount, coin)
  if (r.atomic < min) throw new SwapAmountTooLowError(`${field} is below the minimum of ${coin.minAmount} ${coin.coin.toUpperCase()}.`)
  if (r.atomic > max) throw new SwapAmountTooHighError(`${field} is above the maximum of ${coin.maxAmount} ${coin.coin.toUpperCase()}.`)
  return r.atomic
}

/** Decimal text of the coin table in the coin's units. */
export function unitsOf(text: string, coin: SwapCoin): bigint {
  const r = parseAmount(text, coin.precision)
  if (!r.ok) throw new Error(`bad amount in the coin table: ${text}`)
  return r.atomic
}

/** Units → the seed's 8-decimal text ("10.00000000"). */
export function showUnits(units: bigint, coin: SwapCoin): string {
  return formatAmount(units * 10n ** BigInt(8 - coin.precision), 8, 8)
}

function parseOutput(entry: unknown, i: number, coin: SwapCoin, addresses: DestinationCheck): SplitOutputRequest {
  const at = `addresses[${i}]`
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new SwapRequestInvalidError(`${at} must be an object with address, percent and delay.`)
  const o = entry as Record<string, unknown>
  refuseUnknownFields(`${at}.`, o, OUTPUT_FIELDS)
  if (typeof o.address !== 'string' || o.address === '') throw new SwapRequestInvalidError(`${at}.address is required.`)
  const address = o.address
  if (!addresses.isValid(coin, address)) throw new SwapAddressInvalidError(address, coin.label)
  const tag = parseTag(at, o.destination_tag ?? o.memo, coin, addresses.embeddedTag(coin, address))
  return { address, tag, shareHundredths: parsePercent(`${at}.percent`, o.percent), delayMinutes: parseDelay(`${at}.delay`, o.delay) }
}

/**
 * The seed: destination_tag is required on XRP and TON (a memo there), optional ("" or absent)
 * elsewhere. XRP tags are 32-bit integers; an X-address that carries a tag needs none besides.
 * A tag on a network that has none is refused: it would silently be lost.
 */
export function parseTag(at: string, value: unknown, coin: SwapCoin, embedded: string | null): string | null {
  const given = value === undefined ? '' : typeof value === 'number' ? String(value) : value
  if (typeof given !== 'string') throw new SwapRequestInvalidError(`${at}.destination_tag must be a string.`)
  const tag = given
  if (coin.tag === 'none') {
    if (tag !== '') throw new SwapRequestInvalidError(`${at}.destination_tag is not used on ${coin.label}; leave it out or "".`)
    return null
  }
  if (coin.tag === 'destination_tag') {
    if (tag === '') {
      if (embedded !== null) return embedded
      throw new SwapRequestInvalidError(`${at}.destination_tag is required on ${coin.label}.`)
    }
    if (!/^\d{1,10}$/.test(tag) || Number(tag) > UINT32_MAX)
      throw new SwapRequestInvalidError(`${at}.destination_tag must be a whole number from 0 to 4294967295.`)
    if (embedded !== null && embedded !== tag)
      throw new SwapRequestInvalidError(`${at}.destination_tag differs from the tag inside the X-address.`)
    return tag
  }
  // TON memo: free text, as wallets send it in the transfer comment.
  if (tag === '') throw new SwapRequestInvalidError(`${at}: a memo (destination_tag) is required on ${coin.label}.`)
  if (tag.length > 120) throw new SwapRequestInvalidError(`${at}: the memo is longer than 120 characters.`)
  return tag
}

export function optionalKey(value: unknown): string | null {
  if (value === undefined || value === '') return null
  if (typeof value !== 'string') throw new SwapRequestInvalidError('partner must be a string.')
  return value
}

/** The seed: 1 for a QR code, 0 or absent for none. A JSON number arrives as its text ("1"). */
export function parseQrFlag(value: unknown): boolean {
  if (value === undefined || value === '0' || value === 0) return false
  if (value === '1' || value === 1) return true
  throw new SwapRequestInvalidError('qrcode must be 1 or 0.')
}
