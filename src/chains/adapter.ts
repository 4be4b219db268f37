import type { CurrencyCode, NetworkFamily } from '../money/index.js'

/**
 * The contract every network family implements (sim now; evm, bitcoin, tron later). It is
 * split by capability, like Hyperswitch connectors: receiving (addresses and URIs), watching
 * (blocks and transfers) and sending. The core checks capability flags, never a chain name.
 */

/** A network's identity in the database: `sim-tron`, later `evm-1`, `bitcoin-mainnet`, … */
export type NetworkId = string

export interface BlockRef {
  height: number
  hash: string
  parentHash: string
}

export interface ObservedTransfer {
  txHash: string
  /** Output or log index: one transaction can pay several watched addresses. */
  outputIndex: number
  currency: CurrencyCode
  toAddress: string
  amount: bigint
}

export interface ChainBlock extends BlockRef {
  transfers: ObservedTransfer[]
}

export interface ReceiveCapability {
  /** The deposit address at `index` of a store's derivation path on this network. */
  deriveAddress(storeId: string, index: number): string
  validateAddress(address: string): boolean
  /** The URI a wallet opens to pay (BIP21, EIP-681, tron:). */
  paymentUri(currency: CurrencyCode, address: string, amount: bigint): string
}

export interface WatchCapability {
  /** The newest block, or null before the network has any. */
  getTip(): Promise<BlockRef | null>
  /** The block at `height` on the current best chain, with the transfers in it. */
  getBlock(height: number): Promise<ChainBlock | null>
  /** Transfers seen but not yet in a block (0 confirmations). */
  getMempool(): Promise<ObservedTransfer[]>
}

export interface ChainCapabilities {
  /** Tokens (ERC-20, TRC-20) move on this network besides the native coin. */
  supportsTokenTransfers: boolean
  /** Payments are told apart by a memo / destination tag instead of an address. */
  supportsMemo: boolean
  /** The adapter can broadcast payouts from the operator's hot wallet. */
  supportsSend: boolean
}

export interface ChainAdapter {
  readonly network: NetworkId
  readonly family: NetworkFamily
  readonly currencies: readonly CurrencyCode[]
  /** A test-mode network moves no real money; only test-mode stores use it. */
  readonly testMode: boolean
  readonly capabilities: ChainCapabilities
  readonly receive: ReceiveCapability
  readonly watch: WatchCapability
}

/** Thrown by an adapter asked for something its network cannot do. */
export class OperationNotSupportedError extends Error {
  constructor(network: NetworkId, operation: string) {
    super(`${operation} is not supported on ${network}`)
    this.name = 'OperationNotSupportedError'
  }
}
