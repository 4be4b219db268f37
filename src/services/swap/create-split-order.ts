import { randomBytes } from 'node:crypto'
import { embeddedDestinationTag, SWAP_ADDRESS_VALIDATORS } from '../../chains/swap-address-validators.js'
import { parseSplitOrderRequest, showUnits, unitsOf } from '../../domain/swap/split-order-request.js'
import type { DestinationCheck } from '../../domain/swap/split-order-request.js'
import { planSplit } from '../../domain/swap/split-plan.js'
import { delayLabel, formatHundredths } from '../../domain/swap/swap-fields.js'
import { isUnderMaintenance } from '../../domain/swap/swap-meta.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import { DEPOSIT_WINDOW_SECONDS } from '../../domain/swap/swap-rules.js'
import { SwapAddressScreenedError, SwapMaintenanceError, SwapRequestInvalidError } from '../../errors/index.js'
import { JsonNumber } from '../../serialization/exact-json.js'
import type { SwapCaller } from './swap-accounts.js'
import { depositQrCode, deriveSwapAddress, swapAdapter } from './deposit-address.js'
import type { SwapDeps } from './swap-deps.js'
import type { ChainRegistry } from '../../chains/registry.js'
import type { StoredSplitPlan } from '../../domain/swap/swap-order.js'

/**
 * Where a Swap output may go. A live account's coin is checked by the adapter of the live
 * network that pays it, whose chain decides the form (a Bitcoin testnet or regtest node pays
 * tb1…/bcrt1…, not bc1…); otherwise by the mainnet forms the seed shows (test mode, whose
 * simulated networks take them).
 */
export function destinationsFor(chains: ChainRegistry, mode: 'test' | 'live'): DestinationCheck {
  return {
    isValid: (coin, address) => {
      const live = mode === 'live' ? chains.forSwap('live', coin.currency) : undefined
      return live ? live.receive.validateAddress(address) : (SWAP_ADDRESS_VALIDATORS[coin.network]?.(address) ?? false)
    },
    embeddedTag: (coin, address) => embeddedDestinationTag(coin.network, address),
  }
}

/** 16 upper-case hex characters, as the seed's trackcodes are. */
export function newTrackcode(): string {
  return randomBytes(8).toString('hex').toUpperCase()
}

/** "84.93" → 84.93, "100.00" → 100 as a JSON number (the seed prints 100 and 0.45). */
export function percentNumber(hundredths: number): JsonNumber {
  return new JsonNumber(formatHundredths(hundredths).replace(/\.?0+$/, ''))
}

/**
 * POST /v1/mixer/orders: checks every rule, then writes the order and its audit record in one
 * transaction and answers with the seed's plan (deposit, fees, outputs, signature_text).
 */
export async function createSplitOrder(
  deps: SwapDeps,
  caller: SwapCaller,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const req = parseSplitOrderRequest(body, destinationsFor(deps.chains, caller.mode))
  const { coin } = req
  if (isUnderMaintenance(coin, deps.maintenance)) throw new SwapMaintenanceError(coin.coin, coin.network)
  const screened = await deps.repos.swapOrders.firstScreened(req.outputs.map((o) => o.address))
  if (screened !== undefined) throw new SwapAddressScreenedError(screened)
  const partnerAccount = req.partnerKey === null ? null : await deps.accounts.partnerAccount(req.partnerKey)
  if (partnerAccount === undefined) throw new SwapRequestInvalidError('Unknown partner key.')
  const plan = planSplit({
    amount: req.amount,
    serviceFeeHundredths: req.serviceFeeHundredths,
    feePerOutput: unitsOf(coin.feePerOutput, coin),
    shares: req.outputs.map((o) => o.shareHundredths),
  })
  const adapter = swapAdapter(deps.chains, coin, caller.mode)
  const least = adapter.send?.minimumAmount
  if (least !== undefined) {
    const small = plan.outputs.findIndex((amount) => amount * chainScale(coin) < least)
    if (small >= 0)
      throw new SwapRequestInvalidError(
        `Output ${small + 1} would send ${showUnits(plan.outputs[small]!, coin)} ${coin.coin.toUpperCase()}, below the smallest payout the network relays (its dust limit).`,
      )
  }

  const now = deps.now()
  const createdAt = Math.floor(now / 1000)
  const trackcode = newTrackcode()
  const stored: StoredSplitPlan = {
    createdAt,
    serviceFeeHundredths: req.serviceFeeHundredths,
    serviceFee: plan.serviceFee.toString(),
    feePerOutput: unitsOf(coin.feePerOutput, coin).toString(),
    feeOutputsTotal: plan.feeOutputsTotal.toString(),
    outputs: req.outputs.map((o, i) => ({
      address: o.address,
      tag: o.tag,
      shareHundredths: o.shareHundredths,
      delayMinutes: o.delayMinutes,
      amount: plan.outputs[i]!.toString(),
    })),
  }
  const address = await deps.repos.write(async (tx) => {
    const { address, index } = await deriveSwapAddress(tx, adapter)
    await tx.swapOrders.insert({
      trackcode,
      type: 'mixer',
      accountId: caller.accountId,
      partnerAccountId: partnerAccount,
      coin: coin.coin,
      network: coin.network,
      chainNetwork: adapter.network,
      depositAddress: address,
      depositIndex: index,
      depositAmount: req.amount,
      serviceFee: plan.serviceFee,
      plan: stored,
      activatedAt: null,
      deletedAt: null,
      expiresAt: now + DEPOSIT_WINDOW_SECONDS * 1000,
      createdAt: now,
    })
    // The audit record keeps who asked for what, for the operator, beyond the API's 48 hours.
    await tx.swapOrders.audit(
      trackcode,
      caller.accountId,
      'created',
      {
        coin: coin.coin,
        network: coin.network,
        amount: req.amount.toString(),
        deposit_address: address,
        partner_account_id: partnerAccount,
        outputs: stored.outputs,
      },
      now,
    )
    return address
  })

  const qr = req.qrcode ? await depositQrCode(adapter, coin, address, req.amount) : undefined
  return {
    ok: true,
    trackcode,
    maintenance: 0,
    deposit: {
      address,
      name: coin.name,
      symbol: coin.symbol,
      network: coin.network,
      network_label: coin.label,
      deposit_amount: showUnits(req.amount, coin),
      min_amount: new JsonNumber(coin.minAmount),
      max_amount: new JsonNumber(coin.maxAmount),
      expires_at: createdAt + DEPOSIT_WINDOW_SECONDS,
      ...(qr !== undefined && { qr_code: qr }),
    },
    fees: {
      service_fee_percent: percentNumber(req.serviceFeeHundredths),
      service_fee_value: showUnits(plan.serviceFee, coin),
      fee_per_output: showUnits(unitsOf(coin.feePerOutput, coin), coin),
      fee_outputs_total: showUnits(plan.feeOutputsTotal, coin),
      fee_total: showUnits(plan.feeTotal, coin),
    },
    outputs: stored.outputs.map((o, i) => ({
      id: i + 1,
      address: o.address,
      destination_tag: o.tag,
      share_percent: percentNumber(o.shareHundredths),
      delay_minutes: o.delayMinutes,
      delay_label: delayLabel(o.delayMinutes),
      amount: showUnits(BigInt(o.amount), coin),
      // Planned from creation; the real schedule starts at activation (check reports it).
      time: createdAt + o.delayMinutes * 60,
    })),
    signature_text: deps.signature.seal({
      track: trackcode,
      type: 'mixer',
      coin: coin.coin,
      network: coin.network,
      deposit_address: address,
      created_at: createdAt,
    }),
  }
}
