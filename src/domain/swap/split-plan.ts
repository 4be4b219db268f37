import { SwapAmountTooLowError } from '../../errors/index.js'

export interface SplitPlanInput {
  /** What the customer sends, in units of 10^-precision of the coin. */
  amount: bigint
  /** Service fee in hundredths of a percent (0.45 % → 45). */
  serviceFeeHundredths: number
  /** Network fee charged per output, same units as amount. */
  feePerOutput: bigint
  /** Each output's share in hundredths of a percent; they sum to 10 000. */
  shares: readonly number[]
}

export interface SplitPlan {
  serviceFee: bigint
  feeOutputsTotal: bigint
  feeTotal: bigint
  /** What the outputs share: amount less all fees. */
  distributable: bigint
  outputs: bigint[]
}

/**
 * The seed's fee arithmetic: service fee = amount × fee %, rounded down to the coin's
 * precision (the customer is never charged a fraction more than the rate); each output pays
 * `fee_per_output`; what is left is split by share, each output rounded down, and the
 * rounding remainder goes to the last output so the outputs add up exactly.
 * Seed example: 10 BTC, 0.45 %, 2 outputs at 0.00005 → fees 0.045 + 0.0001; 84.93 % → 8.45469657,
 * 15.07 % → 1.50020343.
 */
export function planSplit(p: SplitPlanInput): SplitPlan {
  const serviceFee = (p.amount * BigInt(p.serviceFeeHundredths)) / 10_000n
  const feeOutputsTotal = p.feePerOutput * BigInt(p.shares.length)
  const feeTotal = serviceFee + feeOutputsTotal
  const distributable = p.amount - feeTotal
  if (distributable <= 0n) throw new SwapAmountTooLowError('The amount does not cover the fees.')
  const outputs: bigint[] = []
  let given = 0n
  p.shares.forEach((share, i) => {
    const value = i === p.shares.length - 1 ? distributable - given : (distributable * BigInt(share)) / 10_000n
    outputs.push(value)
    given += value
  })
  if (outputs.some((o) => o <= 0n)) throw new SwapAmountTooLowError('The amount is too small for this many outputs.')
  return { serviceFee, feeOutputsTotal, feeTotal, distributable, outputs }
}
