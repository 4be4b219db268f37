import type { Logger } from 'pino'
import type { ChainAdapter, PayoutRequest, SendCapability, StoredTransaction } from '../../chains/adapter.js'
import type { ChainRegistry } from '../../chains/registry.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import { withdrawalRefundLines, withdrawalSettleLines } from '../../domain/ledger/withdrawal-posting.js'
import type { Payout } from '../../domain/payouts/payout.js'
import { outputPaidLines } from '../../domain/swap/swap-posting.js'
import { ChainUnavailableError } from '../../errors/index.js'
import { currencyInfo } from '../../money/index.js'
import { queuePayout } from '../../services/payouts/queue-payout.js'
import { settleRefundPayout } from '../../services/refunds/refund-settlement.js'

/** Payouts handled per network and phase in one pass. */
const BATCH = 50
/** Error text kept on a payout: enough to explain, never a whole node response. */
const MAX_REASON = 500

export interface PayoutWorkerDeps {
  repos: Repositories
  chains: ChainRegistry
  now: () => number
}

/**
 * The one payout worker (merchant withdrawals, refunds, sweeps and Swap API outputs; each is created
 * by services/payouts/queue-payout.ts). A payout goes queued → signed → broadcast → confirmed |
 * failed, and each step is committed before the next begins:
 *
 * 1. sign: the signed transaction is stored (status `signed`) before anything is sent;
 * 2. broadcast: the stored bytes are sent, then the status becomes `broadcast`;
 * 3. follow: the adapter's receipt decides: confirmed at the network's depth; failed if
 *    reverted or replaced (another transaction took its place); signed anew if it expired
 *    unmined (TRON), the one case where the network proves nothing of it was paid.
 *
 * A crash anywhere can therefore only lead to the same signed transaction being sent again,
 * which the network accepts at most once: never a second payment. A payout the wallet cannot
 * pay keeps its reason and is retried every pass (a hot wallet short of funds or energy).
 * The engine knows nothing of nonces, reference blocks or coins: the adapter reads what its
 * family needs from the stored transactions it is handed (chains/adapter.ts, SendCapability).
 * One instance runs it (the "payouts" advisory lock), or two could sign the same queued
 * payout twice.
 */
export class PayoutWorker {
  readonly #deps: PayoutWorkerDeps
  readonly #log: Logger

  constructor(deps: PayoutWorkerDeps, log: Logger) {
    this.#deps = deps
    this.#log = log.child({ component: 'payouts' })
  }

  /** Every network that can send: queue sweeps, then the three phases. */
  async runOnce(): Promise<void> {
    for (const adapter of this.#senders()) {
      await this.queueSweeps(adapter)
      await this.signQueued(adapter)
      await this.broadcastSigned(adapter)
      await this.followBroadcast(adapter)
    }
  }

  /** Confirmed native-coin payments at their own deposit address: their balance goes to the hot wallet. */
  async queueSweeps(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send
    if (!send?.canSweep) return 0
    const native = adapter.currencies.filter((c) => !currencyInfo(c).token)
    if (native.length === 0) return 0
    const due = await this.#deps.repos.payouts.paymentsToSweep(adapter.network, native, BATCH)
    for (const p of due) {
      await this.#deps.repos.transaction((tx) =>
        queuePayout(tx, this.#deps, {
          kind: 'sweep',
          network: adapter.network,
          currency: p.currency,
          paymentId: p.paymentId,
          fromIndex: p.derivationIndex,
          fromAddress: p.address,
          to: send.hotWalletAddress(),
        }),
      )
    }
    return due.length
  }

  /** Phase 1: the signed transaction, stored before anything leaves the process. */
  async signQueued(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    const payouts = this.#deps.repos.payouts
    let signed = 0
    const queued = await payouts.inStatus(adapter.network, 'queued', BATCH)
    const batched = await this.#signBatches(adapter, queued)
    signed += batched.size
    for (const p of queued) {
      if (batched.has(p.id)) continue
      if (p.memo !== null && !adapter.capabilities.supportsPayoutMemo) {
        // Sent without its tag, the money would reach the exchange or custodian behind the
        // address but no account there: the payout fails for good instead, for the operator.
        await this.#finish(p, 'failed', `${adapter.network} cannot carry the payout's memo / destination tag`)
        continue
      }
      const { request, fromAddress } = requestOf(send, p)
      try {
        const inFlight = await payouts.inFlightFrom(adapter.network, fromAddress)
        const received = () => this.#deps.repos.chain.receivedBy(adapter.network, fromAddress)
        const tx = await send.sign(request, inFlight, received)
        if (await payouts.markSigned(p.id, tx, this.#deps.now())) signed++
      } catch (err) {
        if (err instanceof ChainUnavailableError) throw err // the whole network is down: the next pass retries
        // A sweep that cannot pay its own fee is dust: nothing to send, and nothing to retry.
        if (p.kind === 'sweep') await this.#finish(p, 'failed', reasonOf(err))
        else await this.#note(p, reasonOf(err))
      }
    }
    return signed
  }

  /**
   * Where the network pays several payouts with one transaction (Bitcoin): the sweeps queued
   * together, and the outputs of one Swap order that came due together, up to `maxBatch` each.
   * All of a batch is recorded signed in one database transaction, so a crash leaves none of
   * it queued to be paid a second time. A batch that cannot be signed is left to the one-by-one
   * path, which gives each payout its own reason. Returns the ids signed here.
   */
  async #signBatches(adapter: ChainAdapter, queued: readonly Payout[]): Promise<Set<string>> {
    const send = adapter.send!
    const done = new Set<string>()
    const max = send.maxBatch ?? 1
    if (!send.signBatch || max < 2) return done
    const groups = new Map<string, Payout[]>()
    for (const p of queued) {
      if (p.memo !== null) continue
      const key =
        p.kind === 'sweep' ? 'sweeps' : p.kind === 'swap_output' ? `order:${await this.#deps.repos.payouts.trackcodeOf(p.id)}` : undefined
      if (key === undefined) continue
      groups.set(key, [...(groups.get(key) ?? []), p])
    }
    const payouts = this.#deps.repos.payouts
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += max) {
        const batch = group.slice(i, i + max)
        if (batch.length < 2) continue
        const asked = batch.map((p) => requestOf(send, p))
        const from = asked.map((a) => a.fromAddress)
        const requests = asked.map((a) => a.request)
        const inFlight = (await Promise.all([...new Set(from)].map((a) => payouts.inFlightFrom(adapter.network, a)))).flat()
        let tx: Awaited<ReturnType<NonNullable<typeof send.signBatch>>>
        try {
          tx = await send.signBatch(requests, inFlight, (address) => this.#deps.repos.chain.receivedBy(adapter.network, address))
        } catch (err) {
          if (err instanceof ChainUnavailableError) throw err
          this.#log.info({ payouts: batch.map((p) => p.id), reason: reasonOf(err) }, 'batch not signed; signing one by one')
          continue
        }
        const recorded = await this.#deps.repos
          .transaction(async (t) => {
            for (const [k, p] of batch.entries()) {
              const signing = { ...tx, fromAddress: from[k]!, amount: tx.amounts[k]! }
              if (!(await t.payouts.markSigned(p.id, signing, this.#deps.now()))) throw new BatchMovedOn()
            }
          })
          .then(
            () => true,
            (err: unknown) => {
              if (err instanceof BatchMovedOn) return false
              throw err
            },
          )
        if (recorded) for (const p of batch) done.add(p.id)
      }
    }
    return done
  }

  /** Phase 2: the stored transaction goes out; sending it twice is harmless. */
  async broadcastSigned(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    let sent = 0
    for (const p of await this.#deps.repos.payouts.inStatus(adapter.network, 'signed', BATCH)) {
      try {
        await send.broadcast(stored(p))
      } catch (err) {
        if (err instanceof ChainUnavailableError) throw err
        await this.#note(p, reasonOf(err))
        continue
      }
      await this.#deps.repos.payouts.markBroadcast(p.id, this.#deps.now())
      sent++
    }
    return sent
  }

  /** Phase 3: receipts decide. */
  async followBroadcast(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    const payouts = this.#deps.repos.payouts
    let finished = 0
    for (const p of await payouts.inStatus(adapter.network, 'broadcast', BATCH)) {
      const r = await send.receipt(stored(p))
      if (r.state === 'mined') {
        if (!r.success) {
          await this.#finish(p, 'failed', 'the transaction was mined but reverted')
          finished++
          continue
        }
        const required = this.#deps.chains.requiredConfirmations(adapter.network, p.currency)
        if (r.confirmations >= required) {
          await this.#finish(p, 'confirmed', null, { blockHeight: r.blockHeight, confirmations: r.confirmations })
          finished++
        } else if (r.confirmations !== p.confirmations || r.blockHeight !== p.blockHeight) {
          await payouts.recordDepth(p.id, r.blockHeight, r.confirmations, this.#deps.now())
        }
      } else if (r.state === 'replaced') {
        // After a fee bump the transaction it replaced may be the one that got mined.
        if (await this.#adoptEarlier(send, p)) continue
        await this.#finish(p, 'failed', r.reason)
        finished++
      } else if (r.state === 'expired') {
        const reason = `transaction ${p.txHash} expired unmined (${r.reason}); signed again`
        this.#log.warn({ payout: p.id, kind: p.kind, txHash: p.txHash }, reason)
        await payouts.requeue(p.id, p.status, reason.slice(0, MAX_REASON), this.#deps.now())
      } else if (r.state === 'unknown') {
        // The node does not know it (dropped from its pool, or a node that lost it): send it again.
        await send.broadcast(stored(p)).catch((err: unknown) => this.#note(p, reasonOf(err)))
      } else if (p.blockHeight !== null) {
        // Back in the pool after a reorg dropped its block.
        await payouts.recordDepth(p.id, null, 0, this.#deps.now())
      }
    }
    return finished
  }

  /**
   * The end of a payout, with its ledger consequence in the same transaction (one of its own:
   * background work neither waits behind nor holds up a batch of API writes).
   */
  async #finish(
    p: Payout,
    status: 'confirmed' | 'failed',
    reason: string | null,
    depth: { blockHeight: number; confirmations: number } | null = null,
  ): Promise<void> {
    const now = this.#deps.now()
    await this.#deps.repos.transaction(async (tx) => {
      if (!(await tx.payouts.finish(p.id, p.status, status, reason?.slice(0, MAX_REASON) ?? null, depth, now))) return
      const amount = p.amount ?? 0n
      if (p.kind === 'withdrawal' && p.storeId !== null) {
        const lines = status === 'confirmed' ? withdrawalSettleLines(p.storeId, amount) : withdrawalRefundLines(p.storeId, amount)
        await tx.ledger.post({ currency: p.currency, storeId: p.storeId, paymentId: null, lines, now })
      } else if (p.kind === 'refund') {
        await settleRefundPayout(tx, p, status, now)
      } else if (p.kind === 'swap_output' && status === 'confirmed') {
        // A failed output posts nothing: the order's account still owes it, and a re-queued
        // payout (services/swap/requeue-output.ts) pays it from there.
        const trackcode = await tx.payouts.trackcodeOf(p.id)
        if (trackcode !== undefined)
          await tx.ledger.post({ currency: p.currency, storeId: null, paymentId: null, lines: outputPaidLines(trackcode, amount), now })
      }
    })
    const log = status === 'confirmed' ? this.#log.info.bind(this.#log) : this.#log.warn.bind(this.#log)
    log({ payout: p.id, kind: p.kind, txHash: p.txHash, reason }, `payout ${status}`)
  }

  /** A bumped payout whose earlier transaction is mined or still waiting: that one is its transaction again. */
  async #adoptEarlier(send: SendCapability, p: Payout): Promise<boolean> {
    for (const earlier of await this.#deps.repos.payouts.earlierTransactions(p.id)) {
      const r = await send.receipt(earlier)
      if (r.state === 'mined' || r.state === 'pending') {
        this.#log.info({ payout: p.id, txHash: earlier.txHash }, 'the transaction a fee bump replaced was mined after all')
        await this.#deps.repos.payouts.adoptTransaction(p.id, earlier, this.#deps.now())
        return true
      }
    }
    return false
  }

  async #note(p: Payout, reason: string): Promise<void> {
    this.#log.warn({ payout: p.id, kind: p.kind, status: p.status, reason }, 'payout held back')
    await this.#deps.repos.payouts.note(p.id, reason.slice(0, MAX_REASON), this.#deps.now())
  }

  #senders(): ChainAdapter[] {
    return this.#deps.chains.all().filter((a) => a.capabilities.supportsSend && a.send)
  }
}

/** A signed payout's transaction, as its adapter reads it back. */
function stored(p: Payout): StoredTransaction {
  return { txHash: p.txHash!, rawTransaction: p.signedTx!, fromAddress: p.fromAddress!, nonce: p.nonce }
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_REASON)
}

/** What the adapter is asked to sign for a payout, and the address it is sent from. */
function requestOf(send: SendCapability, p: Payout): { request: PayoutRequest; fromAddress: string } {
  const from = p.fromIndex === null ? { kind: 'hot-wallet' as const } : { kind: 'deposit' as const, index: p.fromIndex }
  const fromAddress = from.kind === 'hot-wallet' ? send.hotWalletAddress() : send.depositAddress(from.index)
  return { request: { currency: p.currency, from, to: p.toAddress, amount: p.amount ?? 'all', memo: p.memo }, fromAddress }
}

/** A payout of a batch was no longer queued when the batch was recorded: none of it is. */
class BatchMovedOn extends Error {}
