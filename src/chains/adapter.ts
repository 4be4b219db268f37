import type { ChainCurrencyCode, NetworkFamily } from '../money/index.js'

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
  currency: ChainCurrencyCode
  toAddress: string
  amount: bigint
  /**
   * To the operator's own hot wallet (its funding, a payout's change): recorded as a coin the
   * wallet can spend (UTXO families), matched to no payment.
   */
  toOwnWallet?: true
}

/** Why a transaction seen in the mempool left it unmined. */
export type TransferGoneReason = 'replaced' | 'conflicted' | 'dropped'

/** An output paid to one of the operator's addresses in a block, as the watcher recorded it. */
export interface ReceivedOutput {
  txHash: string
  outputIndex: number
  amount: bigint
}

export interface ChainBlock extends BlockRef {
  transfers: ObservedTransfer[]
}

export interface ReceiveCapability {
  /**
   * Whose counter `index` comes from. `store`: each store has its own sequence (the sim
   * networks hash the store id into the address). `network`: every address comes from one
   * operator key (an HD wallet), so indexes are counted once per network and `storeId` plays
   * no part in the address.
   */
  readonly indexScope: 'store' | 'network'
  /** The deposit address at `index` (see indexScope) on this network. */
  deriveAddress(storeId: string, index: number): string
  validateAddress(address: string): boolean
  /** The URI a wallet opens to pay (BIP21, EIP-681, tron:, …). */
  paymentUri(currency: ChainCurrencyCode, address: string, amount: bigint): string
}

export interface WatchCapability {
  /** The newest block, or null before the network has any. */
  getTip(): Promise<BlockRef | null>
  /** The block at `height` on the current best chain, with the transfers in it. */
  getBlock(height: number): Promise<ChainBlock | null>
  /**
   * Only the hash and parent of the block at `height`, where that is much cheaper than the
   * whole block (a real node: a header against hundreds of transactions). The reorg check
   * needs no more.
   */
  getBlockRef?(height: number): Promise<BlockRef | null>
  /** Transfers seen but not yet in a block (0 confirmations). */
  getMempool(): Promise<ObservedTransfer[]>
  /**
   * getMempool returns every waiting transfer to a watched address, the whole pool being
   * followed (Bitcoin): one recorded unconfirmed that is in neither the pool nor a block left
   * the pool unmined, and stops counting. Absent: a recorded transfer waits for its block.
   */
  readonly followsMempool?: boolean
  /**
   * Where a transaction that is no longer in the pool went: `present` when it is in a block or
   * back in the pool after all (the pool moved between two reads), else why it is gone: a
   * replacement (BIP125) spent its coins, a confirmed transaction did (`conflicted`, a double
   * spend), or neither (`dropped`: evicted or expired). With followsMempool.
   */
  whyGone?(txHash: string): Promise<TransferGoneReason | 'present'>
  /**
   * Addresses to report transfers to. A real network carries everyone's transfers, so its
   * adapter keeps only those to these addresses; the watcher adds each deposit address once.
   * Absent where the network only ever carries Kassa's own transfers (sim).
   */
  watchAddresses?(addresses: readonly string[]): void
  /**
   * Where a watcher with no cursor yet begins, on a network too long to read from its first
   * block (TRON mainnet is past block 70 million). Absent: from block 0.
   */
  startHeight?(tip: BlockRef): number
}

/** An outgoing transfer from one of the operator's keys, as the payout engine asks for it. */
export interface PayoutRequest {
  currency: ChainCurrencyCode
  /** The hot wallet (`from: 'hot-wallet'`) or a deposit address by its derivation index (a sweep). */
  from: { kind: 'hot-wallet' } | { kind: 'deposit'; index: number }
  to: string
  /** Atomic units, or `all`: the whole native balance less the most the fee can cost (a sweep). */
  amount: bigint | 'all'
  /**
   * The destination tag (XRP) or comment (TON) the recipient needs to be credited. Only sent
   * to adapters with `capabilities.supportsPayoutMemo`; the engine never drops one silently.
   */
  memo?: string | null | undefined
}

/**
 * A transaction as the payout engine stored it: what it hands back to the adapter to send it
 * again or to ask where it is. The adapter reads whatever its family needs out of the bytes
 * (an EVM nonce, a TRON expiration, the coins a Bitcoin transaction spends).
 */
export interface StoredTransaction {
  txHash: string
  rawTransaction: string
  fromAddress: string
  /** The sender's sequence number, where the family orders an account's transactions so (EVM nonces); else null. */
  nonce: number | null
}

/** A transaction signed and not yet broadcast: stored first, so a crash can only re-send it. */
export interface SignedPayout extends StoredTransaction {
  /** What the transaction sends, atomic units (for `all`, what was left after the fee). */
  amount: bigint
  /** Most the network fee can cost, in the native coin's atomic units. */
  maxFee: bigint
}

/**
 * Where a stored transaction is. Besides pending and mined, two ends the engine acts on:
 * `expired`: it can never be mined and nothing of it was paid (a TRON transaction past its
 * expiration), so the payout is signed again; `replaced`: it can never be mined because
 * something else took its place (its nonce mined in another transaction, perhaps a manual
 * resend of the same payment), so the payout fails for the operator to look at.
 */
export type PayoutReceipt =
  | { state: 'unknown' }
  | { state: 'pending' }
  | { state: 'mined'; blockHeight: number; confirmations: number; success: boolean }
  | { state: 'expired'; reason: string }
  | { state: 'replaced'; reason: string }

/**
 * Sending, family-neutral: the engine stores each signed transaction before it is broadcast
 * and asks the adapter where it is; how a family orders or spends (nonces, reference blocks,
 * coins) stays inside its adapter.
 */
export interface SendCapability {
  /** The hot wallet's address: where sweeps go and payouts come from. */
  hotWalletAddress(): string
  /** The deposit keys can sign (a mnemonic rather than an xpub), so deposits can be swept. */
  readonly canSweep: boolean
  /** The address of a deposit key, for sweeps. */
  depositAddress(index: number): string
  /**
   * Balance of `address` in `currency`, atomic units. `received`: as for `sign`, the outputs
   * recorded to the address, which a UTXO family needs (its node keeps no index by address).
   */
  balance(address: string, currency: ChainCurrencyCode, received?: () => Promise<readonly ReceivedOutput[]>): Promise<bigint>
  /**
   * The smallest amount a payout may send (Bitcoin's dust limit): a withdrawal or Swap output
   * below it is refused when it is asked for. Absent: any positive amount.
   */
  readonly minimumAmount?: bigint
  /** What a native transfer's fee may cost at most now (a sweep sends the balance less this). */
  maxNativeTransferFee(): Promise<bigint>
  /**
   * Builds and signs the transfer. `inFlight`: the transactions from the same address the
   * engine has signed and not yet seen end, which the node may not know yet (an EVM adapter
   * takes the next nonce above theirs). Throws with a reason a person can act on when the
   * wallet cannot pay (funds, energy): the payout waits with that reason. `received`: the
   * outputs paid to the sending address in blocks, as the watcher recorded them, for a family
   * that spends coins (UTXO); asked only by such an adapter.
   */
  sign(
    request: PayoutRequest,
    inFlight: readonly StoredTransaction[],
    received?: () => Promise<readonly ReceivedOutput[]>,
  ): Promise<SignedPayout>
  /**
   * Most payouts one transaction can carry (a UTXO family: several outputs from the hot wallet,
   * or several deposit addresses swept at once); absent or 1: one payout per transaction.
   */
  readonly maxBatch?: number
  /**
   * Several payouts in one transaction, all from the hot wallet to their recipients or all
   * sweeps to the hot wallet; with `maxBatch` > 1. `amounts[i]` is what `requests[i]` sends
   * (a sweep: its coins less its share of the fee). Throws as `sign` does; the engine then
   * signs them one by one.
   */
  signBatch?(
    requests: readonly PayoutRequest[],
    inFlight: readonly StoredTransaction[],
    received: (address: string) => Promise<readonly ReceivedOutput[]>,
  ): Promise<StoredTransaction & { amounts: bigint[]; maxFee: bigint }>
  /**
   * Sends a stored transaction. Sending one the network already has, or one it can no longer
   * take (expired), is not an error: `receipt` tells what became of it.
   */
  broadcast(tx: StoredTransaction): Promise<void>
  /**
   * A replacement of a stuck transaction paying a higher fee (BIP125), where the family allows
   * one: the same payments, at least `rate` (the family's fee unit, sat/vB) or the estimate now.
   * The engine stores it in place of the old one and keeps the old, which may still be mined.
   */
  bump?(tx: StoredTransaction, rate?: bigint): Promise<SignedPayout>
  receipt(tx: StoredTransaction): Promise<PayoutReceipt>
  /**
   * The coins a stored transaction spends, as `txid:vout`, for a family that spends coins
   * (UTXO); absent for account families. `kassa doctor` reads it to find a coin spent twice.
   */
  spentCoins?(rawTransaction: string): string[]
}

export interface ChainCapabilities {
  /** Tokens (ERC-20, TRC-20) move on this network besides the native coin. */
  supportsTokenTransfers: boolean
  /** Payments are told apart by a memo / destination tag instead of an address. */
  supportsMemo: boolean
  /**
   * Payouts can carry a memo / destination tag (XRP destination tag, TON comment) to the
   * recipient. A payout with a memo on a network without it is failed, never sent bare.
   */
  supportsPayoutMemo: boolean
  /** The adapter can broadcast payouts from the operator's hot wallet. */
  supportsSend: boolean
}

export interface ChainAdapter {
  readonly network: NetworkId
  readonly family: NetworkFamily
  /** Merchant API currencies and swap-only coins alike (the registry keeps them apart). */
  readonly currencies: readonly ChainCurrencyCode[]
  /** A test-mode network moves no real money; only test-mode stores use it. */
  readonly testMode: boolean
  readonly capabilities: ChainCapabilities
  /** Confirmations this network needs, when its config overrides the currency's default. */
  readonly confirmations?: number | undefined
  /** How often its watcher looks for blocks, when its config overrides KASSA_WATCH_INTERVAL_MS. */
  readonly pollIntervalMs?: number | undefined
  /** A block explorer's transaction page, `{tx}` for the hash, when configured; never on a simulated network. */
  readonly explorerTxUrl?: string | undefined
  readonly receive: ReceiveCapability
  readonly watch: WatchCapability
  /** Present when `capabilities.supportsSend`. */
  readonly send?: SendCapability | undefined
}

/** Thrown by an adapter asked for something its network cannot do. */
export class OperationNotSupportedError extends Error {
  constructor(network: NetworkId, operation: string) {
    super(`${operation} is not supported on ${network}`)
    this.name = 'OperationNotSupportedError'
  }
}
