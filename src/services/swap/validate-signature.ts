import { showUnits } from '../../domain/swap/split-order-request.js'
import { delayLabel, formatHundredths } from '../../domain/swap/swap-fields.js'
import { ORDER_RETENTION_SECONDS } from '../../domain/swap/swap-rules.js'
import {
  SwapOrderNotFoundError,
  SwapRequestInvalidError,
  SwapSignatureDecryptionError,
  SwapSignatureMalformedError,
  SwapSignaturePayloadError,
  SwapSignatureTrackcodeMissingError,
} from '../../errors/index.js'
import { outputSide } from '../../domain/swap/swap-order.js'
import { readFunding } from './order-funding.js'
import type { SwapDeps } from './swap-deps.js'

/**
 * POST /v1/validate: opens a `signature_text` (armoured or bare base64) and answers with the
 * verified subset of its order. Any valid key may validate any signature: the sealed text is
 * itself the proof, handed on by whoever received it. Orders past 48 h, or deleted, are NOT_FOUND.
 * It reads the order's funding and never acts on it (activation is the swap worker's); the only
 * write is the audit record of the validation, for the operator.
 */
export async function validateSignature(deps: SwapDeps, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const signature = body.signature
  if (typeof signature !== 'string' || signature.trim() === '') throw new SwapRequestInvalidError('A digital signature is required.')
  const opened = deps.signature.open(signature)
  if (!opened.ok) {
    if (opened.reason === 'EMPTY') throw new SwapRequestInvalidError('A digital signature is required.')
    if (opened.reason === 'NOT_BASE64') throw new SwapSignatureMalformedError()
    if (opened.reason === 'DECRYPTION_FAILED') throw new SwapSignatureDecryptionError()
    throw new SwapSignaturePayloadError()
  }
  const track = opened.payload.track
  if (typeof track !== 'string' || track === '') throw new SwapSignatureTrackcodeMissingError()
  const order = await deps.repos.swapOrders.visible(track, deps.now() - ORDER_RETENTION_SECONDS * 1000)
  if (!order) throw new SwapOrderNotFoundError('The requested order details could not be found.')
  const f = await readFunding(deps, order)
  const plan = order.plan
  // Where the order stands, in the seed's route words: deposit (waiting), confirm (seen, not
  // yet confirmed or complete), mixing (activated; outputs scheduled).
  const side = outputSide(order).coin
  // Exchange orders: exc-deposit until activated, then exc-send.
  const route =
    order.type === 'exchange'
      ? f.activatedAt !== null
        ? 'exc-send'
        : 'exc-deposit'
      : f.activatedAt !== null
        ? 'mixing'
        : f.confirmStatus === 0
          ? 'deposit'
          : 'confirm'
  await deps.repos.write((tx) => tx.swapOrders.audit(order.trackcode, order.accountId, 'validated', { route }, deps.now()))
  return {
    ok: true,
    message: 'The signature has been validated successfully.',
    type: order.type,
    route,
    trackcode: order.trackcode,
    order: {
      deposit_address: order.depositAddress,
      service_fee: formatHundredths(plan.serviceFeeHundredths),
      coin: order.coin,
      network: order.network,
      waiting_balance: showUnits(f.waiting, f.coin),
      // A string, as the seed's example prints it.
      created_at: String(plan.createdAt),
    },
    outputs: plan.outputs.map((o) => ({
      coin: side.coin,
      network: side.network,
      address: o.address,
      destination_tag: o.tag ?? '',
      share_percent: formatHundredths(o.shareHundredths),
      delay_minutes: o.delayMinutes,
      delay_label: delayLabel(o.delayMinutes),
      amount: showUnits(BigInt(o.amount), side),
    })),
    outputs_count: plan.outputs.length,
  }
}
