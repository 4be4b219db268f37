import { showUnits } from '../../domain/swap/split-order-request.js'
import { delayLabel } from '../../domain/swap/swap-fields.js'
import { ORDER_RETENTION_SECONDS } from '../../domain/swap/swap-rules.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'
import { outputSide } from '../../domain/swap/swap-order.js'
import type { SwapOrder } from '../../domain/swap/swap-order.js'
import { SwapOrderNotFoundError, SwapRequestInvalidError } from '../../errors/index.js'
import type { SwapCaller } from './swap-accounts.js'
import { percentNumber } from './create-split-order.js'
import { readFunding } from './order-funding.js'
import type { Funding } from './order-funding.js'
import type { SwapDeps } from './swap-deps.js'

const TRACKCODE = /^[0-9A-F]{16}$/

export interface OrderLookup {
  trackcode: string
  type: 'mixer' | 'exchange' | undefined
}

/** trackcode (16 upper-case hex) and an optional type, as check and delete take them. */
export function parseOrderLookup(body: Record<string, unknown>): OrderLookup {
  const { trackcode, type } = body
  if (typeof trackcode !== 'string' || !TRACKCODE.test(trackcode))
    throw new SwapRequestInvalidError("trackcode must be the order's 16-character upper-case tracking code.")
  if (type !== undefined && type !== null && type !== '' && type !== 'mixer' && type !== 'exchange')
    throw new SwapRequestInvalidError('type must be mixer or exchange.')
  return { trackcode, type: type === 'mixer' || type === 'exchange' ? type : undefined }
}

/** The caller's order, still in the API (not deleted, under 48 h old), of the type asked for. */
export async function findVisibleOrder(deps: SwapDeps, caller: SwapCaller, lookup: OrderLookup): Promise<SwapOrder> {
  const since = deps.now() - ORDER_RETENTION_SECONDS * 1000
  const order = await deps.repos.swapOrders.visible(lookup.trackcode, since, caller.accountId)
  if (!order || (lookup.type !== undefined && order.type !== lookup.type)) throw new SwapOrderNotFoundError()
  return order
}

/** Keeps the first and last 6 characters: enough to recognise an address, not to copy it. */
export function maskAddress(address: string): string {
  return address.length <= 14 ? address.slice(0, 3) + '***' : `${address.slice(0, 6)}***${address.slice(-6)}`
}

function parseOutputsMode(value: unknown): 'none' | 'summary' | 'full' {
  if (value === undefined || value === null || value === '') return 'summary'
  if (value === 'none' || value === 'summary' || value === 'full') return value
  throw new SwapRequestInvalidError('outputs must be none, summary or full.')
}

function parseMask(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === true || value === 'true' || value === '1') return true
  if (value === false || value === 'false' || value === '0') return false
  throw new SwapRequestInvalidError('mask_addresses must be true or false.')
}

/**
 * Why an order is not running yet (Kassa's words beyond the seed's INSUFFICIENT_FUNDS).
 * AWAITING_ACTIVATION: funded and confirmed, and the swap worker (every second) has not
 * activated it yet; check itself never does.
 */
function statusReason(f: Funding): string | undefined {
  if (f.activatedAt !== null) return undefined
  if (f.confirmStatus === 0) return 'AWAITING_DEPOSIT'
  if (!f.fullyFunded) return 'INSUFFICIENT_FUNDS'
  if (f.canStart) return 'AWAITING_ACTIVATION'
  return 'AWAITING_CONFIRMATIONS'
}

/**
 * The operator's hot wallet on the payout network holds less than the outputs still to send
 * (seed: status_reason INSUFFICIENT_LIQUIDITY). A node that cannot answer fails the check
 * (503 SERVICE_UNAVAILABLE, http/error-envelope.ts) rather than leaving the reason out: an
 * answer without it would say the order is running normally, which nobody knows.
 */
async function inventoryShort(deps: SwapDeps, network: string, coin: SwapCoin, unsent: bigint): Promise<boolean> {
  const send = deps.chains.byNetwork(network)?.send
  if (!send) return false
  const hot = send.hotWalletAddress()
  const received = () => deps.repos.chain.receivedBy(network, hot)
  return (await send.balance(hot, coin.currency, received)) < unsent * chainScale(coin)
}

/** POST /v1/orders/check: funding, schedule and outputs of one order. It writes nothing (activation is the swap worker's). */
export async function checkOrder(deps: SwapDeps, caller: SwapCaller, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const lookup = parseOrderLookup(body)
  const mode = parseOutputsMode(body.outputs)
  const mask = parseMask(body.mask_addresses)
  const order = await findVisibleOrder(deps, caller, lookup)
  const f = await readFunding(deps, order)
  const plan = order.plan
  const { coin: side, chainNetwork: payoutNetwork } = outputSide(order)
  const nowSec = Math.floor(deps.now() / 1000)
  const activatedSec = f.activatedAt === null ? null : Math.floor(f.activatedAt / 1000)
  const payouts = await deps.repos.payouts.outputStates(order.trackcode)
  const sentBy = new Map(payouts.map((p) => [p.outputIndex, p]))
  const outputs = plan.outputs.map((o, i) => {
    const p = sentBy.get(i)
    const state = activatedSec === null ? 0 : p && (p.status === 'broadcast' || p.status === 'confirmed') ? 2 : 1
    const due = activatedSec === null ? null : activatedSec + o.delayMinutes * 60
    return {
      index: i + 1,
      address: mask ? maskAddress(o.address) : o.address,
      destination_tag: o.tag,
      coin: side.coin,
      network: side.network,
      share_percent: percentNumber(o.shareHundredths),
      delay_label: delayLabel(o.delayMinutes),
      delay_seconds: o.delayMinutes * 60,
      state,
      confirm: state === 2 && p?.status === 'confirmed' ? 1 : 0,
      tx: state === 2 ? (p?.txHash ?? '') : '',
      amount: showUnits(BigInt(o.amount), side),
      // The countdown starts at activation (seed: left_seconds); until then, the whole delay.
      left_seconds: due === null ? o.delayMinutes * 60 : Math.max(0, due - nowSec),
    }
  })
  const sent = outputs.filter((o) => o.state === 2)
  const unsent = plan.outputs.filter((_, i) => outputs[i]!.state === 1).reduce((s, o) => s + BigInt(o.amount), 0n)
  // A payout the network refused for good (reverted, nonce taken) stays unsent (state 1) until
  // the operator acts; the reason says so rather than letting the partner wait in silence.
  const failed = payouts.some((p) => p.status === 'failed')
  const reason =
    statusReason(f) ??
    (failed
      ? 'PAYOUT_FAILED'
      : unsent > 0n && (await inventoryShort(deps, payoutNetwork, side, unsent))
        ? 'INSUFFICIENT_LIQUIDITY'
        : undefined)
  return {
    ok: true,
    type: order.type,
    trackcode: order.trackcode,
    deposit: {
      confirm_status: f.confirmStatus,
      coin: order.coin,
      network: order.network,
      delete_in_sec: Math.max(0, Math.floor(order.createdAt / 1000) + ORDER_RETENTION_SECONDS - nowSec),
      funding: {
        waiting_balance: showUnits(f.waiting, f.coin),
        received_balance: showUnits(f.received, f.coin),
        remaining_need: showUnits(f.waiting > f.received ? f.waiting - f.received : 0n, f.coin),
        is_fully_funded: f.fullyFunded,
        can_start: f.canStart,
      },
    },
    ...(reason !== undefined && { status_reason: reason }),
    ...(mode === 'full' && { outputs }),
    ...(mode === 'summary' && {
      outputs: {
        count: outputs.length,
        sent_count: sent.length,
        sent_total: showUnits(
          sent.reduce((s, o) => s + BigInt(plan.outputs[o.index - 1]!.amount), 0n),
          side,
        ),
      },
    }),
  }
}

/** POST /v1/orders/delete: the order leaves the API for good; the audit record stays. */
export async function deleteOrder(deps: SwapDeps, caller: SwapCaller, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const lookup = parseOrderLookup(body)
  const order = await findVisibleOrder(deps, caller, lookup)
  const now = deps.now()
  const deleted = await deps.repos.write(async (tx) => {
    if (!(await tx.swapOrders.markDeleted(order.trackcode, now))) return false
    await tx.swapOrders.audit(order.trackcode, caller.accountId, 'deleted', {}, now)
    return true
  })
  if (!deleted) throw new SwapOrderNotFoundError()
  return { ok: true, trackcode: order.trackcode, type: order.type, deleted: true }
}
