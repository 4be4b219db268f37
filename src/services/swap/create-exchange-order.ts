import { effectiveExchangeFee, quoteExchange } from '../../domain/swap/exchange-quote.js'
import {
  optionalKey,
  parseQrFlag,
  parseTag,
  refuseUnknownFields,
  requiredPair,
  showUnits,
  unitsOf,
} from '../../domain/swap/split-order-request.js'
import { delayLabel, parseHundredths } from '../../domain/swap/swap-fields.js'
import { isUnderMaintenance, pairName, pairUsdLimits } from '../../domain/swap/swap-meta.js'
import { DEPOSIT_WINDOW_SECONDS, EXCHANGE_RECEIVE_DELAY_MINUTES } from '../../domain/swap/swap-rules.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'
import {
  SwapAddressInvalidError,
  SwapAddressScreenedError,
  SwapAmountTooHighError,
  SwapAmountTooLowError,
  SwapMaintenanceError,
  SwapPriceUnavailableError,
  SwapRequestInvalidError,
} from '../../errors/index.js'
import { parseAmount } from '../../money/index.js'
import { JsonNumber } from '../../serialization/exact-json.js'
import { destinationsFor, newTrackcode, percentNumber } from './create-split-order.js'
import { depositQrCode, deriveSwapAddress, swapAdapter } from './deposit-address.js'
import type { SwapCaller } from './swap-accounts.js'
import type { StoredSplitPlan } from '../../domain/swap/swap-order.js'
import type { SwapDeps } from './swap-deps.js'

export interface ExchangeDeps extends SwapDeps {
  /** USD price text of a rate-table asset, or undefined. */
  usdPrice(asset: string): Promise<string | undefined>
  /** Site default fee, hundredths of a percent. */
  defaultFeeHundredths: number
}

/** The seed's fields of an exchange order; anything else is refused, as on the Merchant API. */
const EXCHANGE_ORDER_FIELDS = [
  'from_coin',
  'from_network',
  'to_coin',
  'to_network',
  'to_address',
  'destination_tag',
  'memo',
  'amount',
  'service_fee',
  'partner',
  'qrcode',
]

function parseAmountText(value: unknown, coin: SwapCoin): bigint {
  const text = typeof value === 'string' ? value : undefined
  const r = text === undefined ? undefined : parseAmount(text, coin.precision)
  if (!r?.ok)
    throw new SwapRequestInvalidError(`amount must be a plain decimal with at most ${coin.precision} decimals, e.g. "1.00000000".`)
  if (r.atomic === 0n) throw new SwapAmountTooLowError('amount must be more than 0.')
  return r.atomic
}

/**
 * POST /v1/exchange/orders: a deposit of from_coin on from_network, paid out as to_coin to one
 * address after the receive delay, from the operator's inventory on the destination network.
 */
export async function createExchangeOrder(
  deps: ExchangeDeps,
  caller: SwapCaller,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  refuseUnknownFields('', body, EXCHANGE_ORDER_FIELDS)
  const from = requiredPair(body.from_coin, body.from_network, 'from_coin', 'from_network')
  const to = requiredPair(body.to_coin, body.to_network, 'to_coin', 'to_network')
  if (from === to) throw new SwapRequestInvalidError('from and to must be different coins or networks.')
  if (typeof body.to_address !== 'string' || body.to_address === '') throw new SwapRequestInvalidError('to_address is required.')
  const toAddress = body.to_address
  const destinations = destinationsFor(deps.chains, caller.mode)
  if (!destinations.isValid(to, toAddress)) throw new SwapAddressInvalidError(toAddress, to.label)
  const tag = parseTag('to_address', body.destination_tag ?? body.memo, to, destinations.embeddedTag(to, toAddress))
  const amount = parseAmountText(body.amount, from)
  const requested = body.service_fee === undefined ? null : parseHundredths('service_fee', body.service_fee)
  const feeHundredths = effectiveExchangeFee(requested, deps.defaultFeeHundredths)
  const partnerKey = optionalKey(body.partner)
  const qrcode = parseQrFlag(body.qrcode)
  for (const c of [from, to]) if (isUnderMaintenance(c, deps.maintenance)) throw new SwapMaintenanceError(c.coin, c.network)

  const [fromPrice, toPrice] = [await deps.usdPrice(from.asset), await deps.usdPrice(to.asset)]
  if (fromPrice === undefined) throw new SwapPriceUnavailableError(from.coin)
  if (toPrice === undefined) throw new SwapPriceUnavailableError(to.coin)
  const amountText = showUnits(amount, from)
  const quote = quoteExchange({
    amount: amountText,
    fromPriceUsd: fromPrice,
    toPriceUsd: toPrice,
    feeHundredths,
    toPrecision: to.precision,
  })
  const limits = pairUsdLimits(from, to)
  if (Number(quote.amountUsd) < Number(limits.min))
    throw new SwapAmountTooLowError(`amount is worth ${quote.amountUsd} USD; this pair takes at least ${limits.min} USD.`)
  if (Number(quote.amountUsd) > Number(limits.max))
    throw new SwapAmountTooHighError(`amount is worth ${quote.amountUsd} USD; this pair takes at most ${limits.max} USD.`)
  if ((await deps.repos.swapOrders.firstScreened([toAddress])) !== undefined) throw new SwapAddressScreenedError(toAddress)
  const partnerAccount = partnerKey === null ? null : await deps.accounts.partnerAccount(partnerKey)
  if (partnerAccount === undefined) throw new SwapRequestInvalidError('Unknown partner key.')
  const deposit = swapAdapter(deps.chains, from, caller.mode)
  const payout = swapAdapter(deps.chains, to, caller.mode)

  const receiveUnits = unitsOf(quote.estimatedReceive, to)
  const serviceFee = (amount * BigInt(feeHundredths)) / 10_000n
  const now = deps.now()
  const createdAt = Math.floor(now / 1000)
  const trackcode = newTrackcode()
  const delay = EXCHANGE_RECEIVE_DELAY_MINUTES
  const stored: StoredSplitPlan = {
    createdAt,
    serviceFeeHundredths: feeHundredths,
    serviceFee: serviceFee.toString(),
    feePerOutput: '0',
    feeOutputsTotal: '0',
    outputs: [{ address: toAddress, tag, shareHundredths: 10_000, delayMinutes: delay, amount: receiveUnits.toString() }],
    to: { coin: to.coin, network: to.network, chainNetwork: payout.network },
  }
  const address = await deps.repos.write(async (tx) => {
    const { address, index } = await deriveSwapAddress(tx, deposit)
    await tx.swapOrders.insert({
      trackcode,
      type: 'exchange',
      accountId: caller.accountId,
      partnerAccountId: partnerAccount,
      coin: from.coin,
      network: from.network,
      chainNetwork: deposit.network,
      depositAddress: address,
      depositIndex: index,
      depositAmount: amount,
      serviceFee,
      plan: stored,
      activatedAt: null,
      deletedAt: null,
      expiresAt: now + DEPOSIT_WINDOW_SECONDS * 1000,
      createdAt: now,
    })
    await tx.swapOrders.audit(
      trackcode,
      caller.accountId,
      'created',
      {
        from: pairName(from),
        to: pairName(to),
        amount: amount.toString(),
        to_address: toAddress,
        tag,
        quote,
        partner_account_id: partnerAccount,
      },
      now,
    )
    return address
  })
  const qr = qrcode ? await depositQrCode(deposit, from, address, amount) : undefined
  const receive = {
    address: toAddress,
    destination_tag: tag,
    coin: to.coin.toUpperCase(),
    network: to.network,
    percent: 100,
    delay_minutes: delay,
    delay_label: delayLabel(delay),
    amount: showUnits(receiveUnits, to),
    time: createdAt + delay * 60,
  }
  return {
    ok: true,
    type: 'exchange',
    trackcode,
    pair: { from: pairName(from), to: pairName(to) },
    deposit: {
      address,
      name: from.name,
      symbol: from.symbol,
      network: from.network,
      network_label: from.label,
      deposit_amount: amountText,
      min_usd: new JsonNumber(limits.min),
      max_usd: new JsonNumber(limits.max),
      expires_at: createdAt + DEPOSIT_WINDOW_SECONDS,
      ...(qr !== undefined && { qr_code: qr }),
    },
    quote: {
      from: {
        coin: from.coin.toUpperCase(),
        network: from.network,
        price_usd: new JsonNumber(quote.fromPriceShown),
        amount: amountText,
        amount_usd: quote.amountUsd,
      },
      to: {
        coin: to.coin.toUpperCase(),
        network: to.network,
        price_usd: new JsonNumber(quote.toPriceShown),
        estimated_receive: showUnits(receiveUnits, to),
      },
      fee_percent: percentNumber(feeHundredths),
      final_usd: quote.finalUsd,
    },
    receive,
    outputs: [
      {
        id: 1,
        address: toAddress,
        destination_tag: tag,
        share_percent: 100,
        delay_minutes: delay,
        delay_label: delayLabel(delay),
        amount: receive.amount,
        time: receive.time,
      },
    ],
    signature_text: deps.signature.seal({
      track: trackcode,
      type: 'exchange',
      from: pairName(from),
      to: pairName(to),
      deposit_address: address,
      created_at: createdAt,
    }),
  }
}
