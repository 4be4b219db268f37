import type { ChainAdapter } from '../../chains/adapter.js'
import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { uuidV7 } from '../../db/uuid-v7.js'
import { ledgerAccount } from '../../domain/ledger/ledger-accounts.js'
import { withdrawalReserveLines } from '../../domain/ledger/withdrawal-posting.js'
import type { Payout } from '../../domain/payouts/payout.js'
import type { Store } from '../../domain/stores/store.js'
import { AddressInvalidError, AmountInvalidError, PayoutNotSupportedError, WithdrawalExceedsBalanceError } from '../../errors/index.js'
import { currencyInfo, formatAmount } from '../../money/index.js'
import type { ChainCurrencyCode, CurrencyCode } from '../../money/index.js'

/** A merchant's withdrawal from the store's available balance, sent from the hot wallet. */
export interface WithdrawalParams {
  kind: 'withdrawal'
  store: Pick<Store, 'id' | 'mode'>
  currency: CurrencyCode
  /** Atomic units. */
  amount: bigint
  to: string
}

/** One planned output of a Swap order, sent from the hot wallet of its payout network. */
export interface SwapOutputParams {
  kind: 'swap_output'
  trackcode: string
  /** 0-based, as the plan lists the outputs. */
  outputIndex: number
  network: string
  currency: ChainCurrencyCode
  to: string
  /** Chain atomic units. */
  amount: bigint
  memo: string | null
  /** A re-queue: the failed payout this one replaces; the output's link moves from it. */
  replaces: Payout | null
}

/** The whole balance of a payment's own deposit address, to the hot wallet. */
export interface SweepParams {
  kind: 'sweep'
  network: string
  currency: ChainCurrencyCode
  paymentId: string
  fromIndex: number
  fromAddress: string
  to: string
}

/**
 * A refund to a buyer (services/refunds). Its amount was reserved from the store's balance when
 * the refund was made (domain/ledger/refund-posting.ts), so queueing it posts nothing.
 */
export interface RefundPayoutParams {
  kind: 'refund'
  store: Pick<Store, 'id' | 'mode'>
  refundId: string
  paymentId: string
  currency: CurrencyCode
  /** Atomic units. */
  amount: bigint
  to: string
}

export type QueuePayoutParams = WithdrawalParams | SwapOutputParams | SweepParams | RefundPayoutParams

export interface QueuePayoutDeps {
  chains: ChainRegistry
  now: () => number
}

/**
 * The network that sends a store's withdrawal in `currency`, with the address checked for it.
 * A test store withdraws on its simulated network (the simulated hot wallet sends test money),
 * so the dashboard's withdrawal can be tried end to end before going live; a live store can
 * only ever reach real networks (`forCurrency`), so test money never meets real money.
 */
export function withdrawalSender(chains: ChainRegistry, store: Pick<Store, 'mode'>, currency: CurrencyCode, to: string): ChainAdapter {
  const adapter = chains.forCurrency(store.mode, currency)
  if (!adapter) throw new PayoutNotSupportedError(currency, `no ${store.mode} network serves it`)
  if (!adapter.capabilities.supportsSend || !adapter.send) {
    throw new PayoutNotSupportedError(currency, `${adapter.network} has no hot wallet configured`)
  }
  if (!adapter.receive.validateAddress(to)) {
    throw new AddressInvalidError(to, adapter.network, 'is not a valid address (or its checksum is wrong)')
  }
  return adapter
}

/**
 * The only way a payout comes to exist (withdrawals, Swap outputs and their re-queues, sweeps):
 * it checks the payout, writes it as `queued` and what goes with it, in the caller's unit of
 * work `tx` (`repos.write(tx => queuePayout(tx, …))`), so that all of it commits or none does.
 * The payout worker (jobs/workers/payout-worker.ts) signs and sends it afterwards; nothing
 * reaches a network from here.
 *
 * - withdrawal: the network must send and take the address; the amount is reserved from the
 *   store's available balance (locked, so two withdrawals cannot spend it twice).
 * - swap_output: the output is linked to its payout (one link per output, so an output is
 *   queued once however often the worker runs), or, for a re-queue, the link moves from the
 *   failed payout, which stays as history.
 * - sweep: one per payment.
 * - refund: the network must send and take the address (the rules withdrawals follow); the
 *   refund is linked to its payout only if it has none, so a refund is sent once however often
 *   its link is submitted. Its amount was reserved when the refund was made.
 *
 * Answers undefined when the payout exists already (the output has a payout, or its link no
 * longer names the failed one; the payment has its sweep; the refund has its payout): nothing
 * was written.
 */
export async function queuePayout(tx: Repositories, deps: QueuePayoutDeps, p: WithdrawalParams): Promise<Payout>
export async function queuePayout(tx: Repositories, deps: QueuePayoutDeps, p: QueuePayoutParams): Promise<Payout | undefined>
export async function queuePayout(tx: Repositories, deps: QueuePayoutDeps, p: QueuePayoutParams): Promise<Payout | undefined> {
  const now = deps.now()
  const base = {
    id: uuidV7(now),
    storeId: null,
    paymentId: null,
    fromIndex: null,
    fromAddress: null,
    status: 'queued' as const,
    nonce: null,
    signedTx: null,
    txHash: null,
    maxFee: null,
    blockHeight: null,
    confirmations: 0,
    failureReason: null,
    memo: null,
    replacesId: null,
    createdAt: now,
    updatedAt: now,
  }
  switch (p.kind) {
    case 'withdrawal': {
      const adapter = withdrawalSender(deps.chains, p.store, p.currency, p.to)
      if (p.amount <= 0n) throw new AmountInvalidError('amount', 'must be greater than zero.')
      const available = await tx.ledger.lockedBalance(ledgerAccount.available(p.store.id), p.currency)
      if (p.amount > available) {
        const d = currencyInfo(p.currency).decimals
        throw new WithdrawalExceedsBalanceError(formatAmount(p.amount, d), formatAmount(available, d), p.currency)
      }
      const payout: Payout = {
        ...base,
        kind: 'withdrawal',
        network: adapter.network,
        currency: p.currency,
        storeId: p.store.id,
        toAddress: p.to,
        amount: p.amount,
      }
      await tx.payouts.insert(payout)
      await tx.ledger.post({
        currency: p.currency,
        storeId: p.store.id,
        paymentId: null,
        lines: withdrawalReserveLines(p.store.id, p.amount),
        now,
      })
      return payout
    }
    case 'swap_output': {
      // The plan's arithmetic never gives an output of nothing (domain/swap/split-plan.ts).
      if (p.amount <= 0n || p.to === '') throw new Error(`swap output ${p.trackcode}/${p.outputIndex} has no amount or no address`)
      const payout: Payout = {
        ...base,
        kind: 'swap_output',
        network: p.network,
        currency: p.currency,
        toAddress: p.to,
        amount: p.amount,
        memo: p.memo,
        replacesId: p.replaces?.id ?? null,
      }
      const linked =
        p.replaces === null
          ? await tx.payouts.linkOutput(p.trackcode, p.outputIndex, payout.id)
          : await tx.payouts.relinkOutput(p.trackcode, p.outputIndex, p.replaces.id, payout.id)
      if (!linked) return undefined
      await tx.payouts.insert(payout)
      return payout
    }
    case 'refund': {
      const adapter = withdrawalSender(deps.chains, p.store, p.currency, p.to)
      if (p.amount <= 0n) throw new AmountInvalidError('amount', 'must be greater than zero.')
      const payout: Payout = {
        ...base,
        kind: 'refund',
        network: adapter.network,
        currency: p.currency,
        storeId: p.store.id,
        paymentId: p.paymentId,
        toAddress: p.to,
        amount: p.amount,
      }
      if (!(await tx.refunds.attachPayout(p.refundId, payout.id, p.to, now))) return undefined
      await tx.payouts.insert(payout)
      return payout
    }
    case 'sweep': {
      const payout: Payout = {
        ...base,
        kind: 'sweep',
        network: p.network,
        currency: p.currency,
        paymentId: p.paymentId,
        fromIndex: p.fromIndex,
        fromAddress: p.fromAddress,
        toAddress: p.to,
        amount: null,
      }
      return (await tx.payouts.insert(payout, { unlessExists: true })) ? payout : undefined
    }
  }
}
