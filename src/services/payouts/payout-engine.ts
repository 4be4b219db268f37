import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { ChainAdapter, SendCapability } from '../../chains/adapter.js'
import { LedgerRepository } from '../../db/repositories/ledger-repository.js'
import { uuidV7 } from '../../db/uuid-v7.js'
import type { PayoutsTable, PayoutStatus } from '../../db/schema.js'
import { withdrawalRefundLines, withdrawalSettleLines } from '../../domain/ledger/withdrawal-posting.js'
import { outputPaidLines } from '../../domain/swap/swap-posting.js'
import { ChainUnavailableError } from '../../errors/index.js'
import { currencyInfo } from '../../money/index.js'
import type { ChainCurrencyCode } from '../../money/index.js'
import type { PaymentEngineDeps } from '../payments/payment-engine-deps.js'

/** Payouts handled per network and phase in one pass. */
const BATCH = 50
/** Error text kept on a payout: enough to explain, never a whole node response. */
const MAX_REASON = 500

type Payout = PayoutsTable

/**
 * The one payout engine (merchant withdrawals, sweeps and Swap API outputs). A payout
 * goes queued → signed → broadcast → confirmed | failed, and each step is committed before
 * the next begins:
 *
 * 1. sign: a nonce and the signed transaction are stored (status `signed`) before anything is sent;
 * 2. broadcast: the stored bytes are sent, then the status becomes `broadcast`;
 * 3. follow: the receipt decides: confirmed at the network's depth, failed if reverted or if
 *    its nonce was used by another transaction.
 *
 * A crash anywhere can therefore only lead to the same signed transaction being sent again,
 * which the network accepts at most once: never a second payment. A payout the node refuses
 * keeps its reason and is retried every pass (a hot wallet short of funds, say), because its
 * nonce is taken and later payouts from the same wallet cannot be mined before it.
 */
export class PayoutEngine {
  readonly #deps: PaymentEngineDeps
  readonly #log: Logger

  constructor(deps: PaymentEngineDeps, log: Logger) {
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
    const db = this.#deps.db
    const native = adapter.currencies.filter((c) => !currencyInfo(c).token)
    if (native.length === 0) return 0
    const due = await db
      .selectFrom('payments')
      .innerJoin('deposit_addresses', (j) =>
        j.onRef('deposit_addresses.network', '=', 'payments.network').onRef('deposit_addresses.address', '=', 'payments.pay_address'))
      .leftJoin('payouts', (j) => j.onRef('payouts.payment_id', '=', 'payments.id').on('payouts.kind', '=', 'sweep'))
      .select(['payments.id', 'payments.currency', 'payments.pay_address', 'deposit_addresses.derivation_index'])
      .where('payments.network', '=', adapter.network)
      .where('payments.strategy', '=', 'unique_address')
      .where('payments.currency', 'in', native)
      .where('payments.status', 'in', ['completed', 'overpaid', 'underpaid'])
      .where('payouts.id', 'is', null)
      .limit(BATCH)
      .execute()
    const now = this.#deps.now()
    for (const p of due) {
      await db
        .insertInto('payouts')
        .values({
          id: uuidV7(now), kind: 'sweep', network: adapter.network, currency: p.currency, store_id: null, payment_id: p.id,
          from_index: p.derivation_index, from_address: p.pay_address, to_address: send.hotWalletAddress(), amount: null,
          status: 'queued', nonce: null, signed_tx: null, tx_hash: null, max_fee: null, block_height: null, confirmations: 0,
          failure_reason: null, created_at: now, updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    return due.length
  }

  /** Phase 1: nonce and signature, stored before anything leaves the process. */
  async signQueued(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    const rows = await this.#open(adapter, 'queued')
    let signed = 0
    for (const p of rows) {
      if (p.memo !== null && !adapter.capabilities.supportsPayoutMemo) {
        // Sent without its tag, the money would reach the exchange or custodian behind the
        // address but no account there: the payout fails for good instead, for the operator.
        await this.#finish(p, 'failed', `${adapter.network} cannot carry the payout's memo / destination tag`)
        continue
      }
      const from = p.from_index === null ? { kind: 'hot-wallet' as const } : { kind: 'deposit' as const, index: p.from_index }
      const fromAddress = from.kind === 'hot-wallet' ? send.hotWalletAddress() : send.depositAddress(from.index)
      try {
        const nonce = Math.max(await send.nextNonce(fromAddress), (await this.#lastNonce(adapter.network, fromAddress)) + 1)
        const tx = await send.sign({ currency: p.currency as ChainCurrencyCode, from, to: p.to_address, amount: p.amount === null ? 'all' : BigInt(p.amount), nonce, memo: p.memo })
        const updated = await this.#deps.db
          .updateTable('payouts')
          .set({
            status: 'signed', from_address: tx.fromAddress, nonce: tx.nonce, signed_tx: tx.rawTransaction, tx_hash: tx.txHash,
            amount: tx.amount.toString(), max_fee: tx.maxFee.toString(), failure_reason: null, updated_at: this.#deps.now(),
          })
          .where('id', '=', p.id)
          .where('status', '=', 'queued')
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) === 1) signed++
      } catch (err) {
        if (err instanceof ChainUnavailableError) throw err // the whole network is down: the next pass retries
        // A sweep that cannot pay its own fee is dust: nothing to send, and nothing to retry.
        if (p.kind === 'sweep') await this.#finish(p, 'failed', reasonOf(err))
        else await this.#note(p, reasonOf(err))
      }
    }
    return signed
  }

  /** Phase 2: the stored transaction goes out; sending it twice is harmless. */
  async broadcastSigned(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    let sent = 0
    for (const p of await this.#open(adapter, 'signed')) {
      try {
        await send.broadcast(p.signed_tx!)
      } catch (err) {
        if (err instanceof ChainUnavailableError) throw err
        await this.#note(p, reasonOf(err))
        continue
      }
      await this.#deps.db
        .updateTable('payouts')
        .set({ status: 'broadcast', failure_reason: null, updated_at: this.#deps.now() })
        .where('id', '=', p.id)
        .where('status', '=', 'signed')
        .execute()
      sent++
    }
    return sent
  }

  /** Phase 3: receipts decide. */
  async followBroadcast(adapter: ChainAdapter): Promise<number> {
    const send = adapter.send!
    let finished = 0
    for (const p of await this.#open(adapter, 'broadcast')) {
      const r = await send.receipt(p.tx_hash!)
      if (r.state === 'mined') {
        if (!r.success) {
          await this.#finish(p, 'failed', 'the transaction was mined but reverted')
          finished++
          continue
        }
        const required = adapter.confirmations ?? currencyInfo(p.currency as ChainCurrencyCode).confirmations
        if (r.confirmations >= required) {
          await this.#finish(p, 'confirmed', null, { block_height: r.blockHeight, confirmations: r.confirmations })
          finished++
        } else if (r.confirmations !== p.confirmations || r.blockHeight !== p.block_height) {
          await this.#deps.db.updateTable('payouts').set({ confirmations: r.confirmations, block_height: r.blockHeight, updated_at: this.#deps.now() }).where('id', '=', p.id).execute()
        }
      } else if (r.state === 'unknown') {
        // The node does not know it: dropped from its pool, or replaced. If the sender's mined
        // nonce has passed ours without it, it can never be mined; otherwise send it again.
        if (await this.#nonceUsedElsewhere(send, p)) {
          await this.#finish(p, 'failed', 'its nonce was used by another transaction; it can never be mined')
          finished++
        } else {
          await send.broadcast(p.signed_tx!).catch((err: unknown) => this.#note(p, reasonOf(err)))
        }
      } else if (p.block_height !== null) {
        // Back in the pool after a reorg dropped its block.
        await this.#deps.db.updateTable('payouts').set({ confirmations: 0, block_height: null, updated_at: this.#deps.now() }).where('id', '=', p.id).execute()
      }
    }
    return finished
  }

  /**
   * The receipt is asked again after the nonce on purpose: had our own transaction been mined
   * between the first look and the nonce read, the nonce alone would call it replaced.
   */
  async #nonceUsedElsewhere(send: SendCapability, p: Payout): Promise<boolean> {
    const minedNonce = await send.minedNonce(p.from_address!)
    return minedNonce > p.nonce! && (await send.receipt(p.tx_hash!)).state === 'unknown'
  }

  /** The end of a payout, with its ledger consequence in the same transaction. */
  async #finish(p: Payout, status: 'confirmed' | 'failed', reason: string | null, extra: Partial<Payout> = {}): Promise<void> {
    const now = this.#deps.now()
    await this.#deps.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('payouts')
        .set({ ...extra, status, failure_reason: reason?.slice(0, MAX_REASON) ?? null, updated_at: now })
        .where('id', '=', p.id)
        .where('status', '=', p.status)
        .executeTakeFirst()
      if (Number(done.numUpdatedRows) !== 1) return
      const ledger = new LedgerRepository(trx, this.#deps.dialect)
      const amount = p.amount === null ? 0n : BigInt(p.amount)
      if (p.kind === 'withdrawal' && p.store_id !== null) {
        const lines = status === 'confirmed' ? withdrawalSettleLines(p.store_id, amount) : withdrawalRefundLines(p.store_id, amount)
        await ledger.post({ currency: p.currency, storeId: p.store_id, paymentId: null, lines, now })
      } else if (p.kind === 'swap_output' && status === 'confirmed') {
        // A failed output posts nothing: the order's account still owes it, and a re-queued
        // payout (src/services/swap/requeue-output.ts) pays it from there.
        const link = await trx.selectFrom('swap_payouts').select('trackcode').where('payout_id', '=', p.id).executeTakeFirst()
        if (link) await ledger.post({ currency: p.currency, storeId: null, paymentId: null, lines: outputPaidLines(link.trackcode, amount), now })
      }
    })
    const log = status === 'confirmed' ? this.#log.info.bind(this.#log) : this.#log.warn.bind(this.#log)
    log({ payout: p.id, kind: p.kind, txHash: p.tx_hash, reason }, `payout ${status}`)
  }

  async #note(p: Payout, reason: string): Promise<void> {
    this.#log.warn({ payout: p.id, kind: p.kind, status: p.status, reason }, 'payout held back')
    await this.#deps.db.updateTable('payouts').set({ failure_reason: reason.slice(0, MAX_REASON), updated_at: this.#deps.now() }).where('id', '=', p.id).execute()
  }

  async #open(adapter: ChainAdapter, status: PayoutStatus): Promise<Payout[]> {
    return this.#deps.db
      .selectFrom('payouts')
      .selectAll()
      .where('network', '=', adapter.network)
      .where('status', '=', status)
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute()
  }

  async #lastNonce(network: string, fromAddress: string): Promise<number> {
    const row = await this.#deps.db
      .selectFrom('payouts')
      .select((eb) => eb.fn.max<number | null>('nonce').as('n'))
      .where('network', '=', network)
      .where('from_address', '=', fromAddress)
      .where(sql.ref('nonce'), 'is not', null)
      .executeTakeFirst()
    return row?.n === null || row?.n === undefined ? -1 : Number(row.n)
  }

  #senders(): ChainAdapter[] {
    return this.#deps.chains.all().filter((a) => a.capabilities.supportsSend && a.send)
  }
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, MAX_REASON)
}
