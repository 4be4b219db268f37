import type { BitcoinFeePolicy } from '../../../config/bitcoin-networks.js'
import { BitcoinRpcError } from './bitcoin-rpc.js'
import type { BitcoinRpc } from './bitcoin-rpc.js'

/** RPC_METHOD_NOT_FOUND: btcd and ltcd have no estimatesmartfee. */
const METHOD_NOT_FOUND = -32601

/**
 * The fee rate for a payout, sat/vB: the node's estimate for `confTarget` blocks, within the
 * configured floor and ceiling. Bitcoin Core answers `estimatesmartfee`; btcd and ltcd only the
 * older `estimatefee` (BTC per kB, -1 without data). No estimate (a young regtest, a node just
 * started) takes the floor: a payout that then waits can be bumped (`kassa payouts bump`).
 */
export async function feeRate(rpc: BitcoinRpc, policy: BitcoinFeePolicy): Promise<bigint> {
  const perKb = await estimate(rpc, policy.confTarget)
  // The node prints BTC per 1000 vbytes as a JSON number with at most 8 decimals: rounded to
  // whole satoshis per kvB first (0.00001 * 1e5 is 1.0000000000000002 in floating point), then
  // divided up to satoshis per vbyte in integers.
  const rate = perKb === undefined || !(perKb > 0) ? policy.minRate : (BigInt(Math.round(perKb * 1e8)) + 999n) / 1000n
  return rate < policy.minRate ? policy.minRate : rate > policy.maxRate ? policy.maxRate : rate
}

async function estimate(rpc: BitcoinRpc, target: number): Promise<number | undefined> {
  try {
    const a = await rpc.call<{ feerate?: number }>('estimatesmartfee', [target])
    return a?.feerate
  } catch (err) {
    if (!(err instanceof BitcoinRpcError && err.rpcCode === METHOD_NOT_FOUND)) throw err
  }
  try {
    return await rpc.call<number>('estimatefee', [target])
  } catch (err) {
    if (err instanceof BitcoinRpcError) return undefined
    throw err
  }
}
