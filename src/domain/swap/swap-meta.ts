import { JsonNumber } from '../../serialization/exact-json.js'
import { SWAP_COINS, swapCoinKey } from './swap-coins.js'
import type { SwapCoin } from './swap-coins.js'
import { EXCHANGE_FEE_BOUNDS, EXCHANGE_RECEIVE_DELAY_MINUTES, MIXER_LIMITS } from './swap-rules.js'

const num = (text: string): JsonNumber => new JsonNumber(text)

export function isUnderMaintenance(c: SwapCoin, maintenance: readonly string[]): boolean {
  return maintenance.includes(swapCoinKey(c))
}

/** What both meta endpoints say of a coin first. */
function coinSummary(c: SwapCoin) {
  return { coin: c.coin, network: c.network, name: c.name, symbol: c.symbol, network_label: c.label }
}

/** GET /v1/meta/mixer: per coin/network, limits and fees (Kassa's shape; the seed shows none). */
export function mixerMeta(maintenance: readonly string[]) {
  return {
    ok: true,
    limits: {
      max_outputs: MIXER_LIMITS.maxOutputs,
      max_delay_minutes: MIXER_LIMITS.maxDelayMinutes,
      service_fee_min: num('0.10'),
      service_fee_max: num('5.00'),
    },
    coins: SWAP_COINS.map((c) => ({
      ...coinSummary(c),
      min_amount: num(c.minAmount),
      max_amount: num(c.maxAmount),
      service_fee_default: num(c.defaultServiceFee),
      fee_per_output: c.feePerOutput,
      confirmations: c.confirmations,
      tag_required: c.tag === 'none' ? null : c.tag,
      maintenance: isUnderMaintenance(c, maintenance) ? 1 : 0,
    })),
  }
}

/** GET /v1/meta/exchange: coins, the fee rule, and USD limits for every ordered pair. */
export function exchangeMeta(maintenance: readonly string[], defaultFee: string) {
  const pairs = []
  for (const from of SWAP_COINS) {
    for (const to of SWAP_COINS) {
      if (from === to) continue
      const limits = pairUsdLimits(from, to)
      pairs.push({ from: pairName(from), to: pairName(to), min_usd: num(limits.min), max_usd: num(limits.max) })
    }
  }
  return {
    ok: true,
    fee: { default: num(defaultFee), min: num(EXCHANGE_FEE_BOUNDS.min), max: num(EXCHANGE_FEE_BOUNDS.max) },
    receive_delay_minutes: EXCHANGE_RECEIVE_DELAY_MINUTES,
    coins: SWAP_COINS.map((c) => ({
      ...coinSummary(c),
      tag_required: c.tag === 'none' ? null : c.tag,
      maintenance: isUnderMaintenance(c, maintenance) ? 1 : 0,
    })),
    pairs,
  }
}

/** `ETH_eth`, as the seed's `pair` block names a side. */
export function pairName(c: SwapCoin): string {
  return `${c.coin.toUpperCase()}_${c.network}`
}

/** A pair's USD limits: the narrower of its two coins' bounds. */
export function pairUsdLimits(from: SwapCoin, to: SwapCoin): { min: string; max: string } {
  const min = Number(from.minUsd) >= Number(to.minUsd) ? from.minUsd : to.minUsd
  const max = Number(from.maxUsd) <= Number(to.maxUsd) ? from.maxUsd : to.maxUsd
  return { min, max }
}
