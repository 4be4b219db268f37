import type { ChainAdapter } from '../../chains/adapter.js'
import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { chainScale } from '../../domain/swap/swap-coins.js'
import type { SwapCoin } from '../../domain/swap/swap-coins.js'
import { SwapNoDepositAddressError } from '../../errors/index.js'

/** The owner id the per-store adapters hash into swap addresses: no store has it (stores are UUIDs). */
const SWAP_OWNER = 'kassa-swap'

/**
 * The adapter that receives (and sends) this coin for an account of this mode, swap-only coins
 * included, or SERVICE_UNAVAILABLE: a live account on a coin no real network is configured for.
 */
export function swapAdapter(chains: ChainRegistry, coin: SwapCoin, mode: 'test' | 'live'): ChainAdapter {
  const adapter = chains.forSwap(mode, coin.currency)
  if (!adapter) throw new SwapNoDepositAddressError(coin.network)
  return adapter
}

/**
 * A fresh deposit address per order, through the adapter's receive capability. Operator-key
 * networks (`indexScope: 'network'`) share the payments' counter, so a swap order and a
 * payment never get the same key; per-store networks get a counter of their own. Runs in the
 * unit of work `tx` that writes the order.
 */
export async function deriveSwapAddress(tx: Repositories, adapter: ChainAdapter): Promise<{ address: string; index: number }> {
  const counter = adapter.receive.indexScope === 'network' ? adapter.network : `swap:${adapter.network}`
  const index = await tx.depositAddresses.nextNetworkIndex(counter)
  return { address: adapter.receive.deriveAddress(SWAP_OWNER, index), index }
}

/** `deposit.qr_code`: a PNG data URL of the payment URI (BIP21, EIP-681, …) for `amount` coin units. */
export async function depositQrCode(adapter: ChainAdapter, coin: SwapCoin, address: string, amount: bigint): Promise<string> {
  // Loaded on the first order that asks for one, not at start-up (qrcode costs ~50 ms to load).
  const { default: QRCode } = await import('qrcode')
  return QRCode.toDataURL(adapter.receive.paymentUri(coin.currency, address, amount * chainScale(coin)), {
    errorCorrectionLevel: 'M',
    margin: 2,
  })
}
