import { randomBytes } from 'node:crypto'
import type { BlockRef } from '../chains/adapter.js'
import type { SimChainStore } from '../chains/adapters/sim/sim-chain-store.js'
import { SIM_NETWORKS } from '../chains/adapters/sim/sim-networks.js'
import type { Payment } from '../domain/payments/payment.js'
import { remainingDue } from '../domain/payments/payment.js'
import { parseCryptoAmount } from '../domain/payments/payment-request.js'
import { chainScale, swapCoin } from '../domain/swap/swap-coins.js'
import { RequestInvalidError, SimulationRefusedError, SwapOrderNotFoundError } from '../errors/index.js'
import { parseAmount } from '../money/index.js'
import type { ChainCurrencyCode } from '../money/index.js'
import type { PaymentEngineDeps } from './payments/payment-engine-deps.js'
import { findPayment } from './payments/payment-queries.js'

export type SimulatedShare = 'rest' | 'half' | 'more'

/**
 * What a simulated pay sends by default: the rest of what an open payment (pending or
 * confirming) is due. A paid or closed (expired, underpaid) payment has nothing due, and saying so beats a transfer that would only become an unmatched deposit.
 */
export function stillDue(p: Pick<Payment, 'status' | 'due' | 'amountReceived'>): bigint {
  const rest = p.status === 'pending' || p.status === 'confirming' ? remainingDue(p) : 0n
  if (rest === 0n) throw new RequestInvalidError(`Nothing is due on this payment (${p.status}); pass an amount to send one anyway.`)
  return rest
}

export interface SimulatedPayment {
  txHash: string
  network: string
  currency: ChainCurrencyCode
  address: string
  /** Atomic units of `currency`. */
  amount: bigint
}

/**
 * Test mode's "pay", "mine" and "reorg" buttons (CLI now, checkout page later). Each refuses
 * anything that is not a test-mode payment or network: simulation can never touch real money.
 */
export class Simulation {
  readonly #deps: PaymentEngineDeps
  readonly #chain: SimChainStore

  constructor(deps: PaymentEngineDeps, chain: SimChainStore) {
    this.#deps = deps
    this.#chain = chain
  }

  /**
   * Sends `amount` (default: what is still due, refused when nothing is) to the payment's
   * address, into the mempool. An explicit amount goes anywhere, closed payments included: a
   * buyer can always send to an old address, and tests need late and extra transfers.
   */
  async pay(paymentId: string, amountText?: string): Promise<SimulatedPayment> {
    const p = await this.#testPayment(paymentId)
    const amount = amountText === undefined ? stillDue(p) : parseCryptoAmount('amount', amountText, p.currency)
    if (amount <= 0n) throw new RequestInvalidError('amount must be more than 0.')
    return this.#send(p, amount)
  }

  /**
   * The payment page's test buttons: the rest of what is due, half of it, or 10 % more. The
   * same rule as `pay` without an amount (the CLI's default) refuses a payment with nothing
   * due, so a second click on a stale page cannot send dust that ends up unmatched.
   */
  async payShare(paymentId: string, share: SimulatedShare): Promise<SimulatedPayment> {
    const p = await this.#testPayment(paymentId)
    const due = stillDue(p)
    const amount = share === 'half' ? due / 2n : share === 'more' ? due + due / 10n : due
    // Half of one atomic unit is nothing: send the unit rather than a zero transfer.
    return this.#send(p, amount > 0n ? amount : due)
  }

  async #testPayment(paymentId: string): Promise<Payment> {
    const p = await findPayment(this.#deps, paymentId)
    const store = await this.#deps.repos.stores.paymentTerms(p.storeId)
    if (store?.mode !== 'test' || !p.testMode || !this.#isSimNetwork(p.network)) throw new SimulationRefusedError()
    if (p.status === 'queued') throw new RequestInvalidError('This payment is queued and has no amount to pay yet.')
    return p
  }

  async #send(p: Payment, amount: bigint): Promise<SimulatedPayment> {
    const currency = p.currency
    const txHash = randomBytes(32).toString('hex')
    await this.#chain.addTransaction({ txHash, network: p.network, currency, toAddress: p.payAddress, amount }, this.#deps.now())
    return { txHash, network: p.network, currency, address: p.payAddress, amount }
  }

  /**
   * Sends `amount` (coin units; default: what the order still waits for) to a Swap order's
   * deposit address, into the mempool. Only orders depositing on a simulated network, which
   * only test-mode accounts get.
   */
  async payOrder(trackcode: string, amountText?: string): Promise<SimulatedPayment> {
    const order = await this.#deps.repos.swapOrders.byTrackcode(trackcode)
    if (!order) throw new SwapOrderNotFoundError(`No order ${trackcode}.`)
    if (!this.#isSimNetwork(order.chainNetwork))
      throw new SimulationRefusedError('Simulation acts on test-mode accounts only; this order deposits on a real network.')
    const coin = swapCoin(order.coin, order.network)!
    let amount: bigint
    if (amountText === undefined) {
      const seen = await this.#deps.repos.chain.transfersToAddresses(order.chainNetwork, [order.depositAddress])
      const received = (seen.get(order.depositAddress) ?? []).reduce((sum, t) => sum + t.amount, 0n)
      amount = order.depositAmount * chainScale(coin) - received
      if (amount <= 0n) throw new RequestInvalidError('Nothing is due on this order; pass an amount to send more.')
    } else {
      const r = parseAmount(amountText, coin.precision)
      if (!r.ok || r.atomic === 0n)
        throw new RequestInvalidError(`amount must be a positive decimal with at most ${coin.precision} decimals, e.g. 1.5.`)
      amount = r.atomic * chainScale(coin)
    }
    const txHash = randomBytes(32).toString('hex')
    await this.#chain.addTransaction(
      { txHash, network: order.chainNetwork, currency: coin.currency, toAddress: order.depositAddress, amount },
      this.#deps.now(),
    )
    return { txHash, network: order.chainNetwork, currency: coin.currency, address: order.depositAddress, amount }
  }

  /**
   * Makes a transaction still in a simulated mempool fail when it is mined (a reverted
   * transfer): its receipt says so and it moves nothing. Tests and operators use it to see a
   * payout fail for good, and re-queue it.
   */
  async revert(txHash: string, network: string): Promise<void> {
    if (!this.#isSimNetwork(network)) throw new SimulationRefusedError('Simulation acts on simulated networks only.')
    if (!(await this.#chain.markToRevert(network, txHash))) {
      throw new RequestInvalidError(`No pending transaction ${txHash} on ${network}: only one still in the mempool can be made to fail.`)
    }
  }

  async mine(count: number, network?: string): Promise<Record<string, BlockRef[]>> {
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new RequestInvalidError('Block count must be 1–1000.')
    const out: Record<string, BlockRef[]> = {}
    for (const n of this.#networks(network)) out[n] = await this.#chain.mine(n, count, this.#deps.now())
    return out
  }

  /**
   * The block timer's tick: one block on each simulated network whose newest block is at least
   * `intervalMs` old. Every instance ticks, but the age is read from the shared chain, so
   * together they mine at the pace of one (issue 16, defect 7).
   */
  async mineDue(intervalMs: number): Promise<Record<string, BlockRef>> {
    const out: Record<string, BlockRef> = {}
    for (const n of this.#networks()) {
      const block = await this.#chain.mineIfDue(n, intervalMs, this.#deps.now())
      if (block) out[n] = block
    }
    return out
  }

  async reorg(depth: number, opts: { network?: string; keepTransactions?: boolean } = {}): Promise<Record<string, BlockRef[]>> {
    if (!Number.isInteger(depth) || depth < 1 || depth > 100) throw new RequestInvalidError('Reorg depth must be 1–100.')
    const out: Record<string, BlockRef[]> = {}
    for (const n of this.#networks(opts.network)) {
      out[n] = await this.#chain.reorg(n, depth, opts.keepTransactions ?? false, this.#deps.now())
    }
    return out
  }

  #isSimNetwork(network: string): boolean {
    return SIM_NETWORKS.some((s) => s.network === network)
  }

  #networks(network?: string): string[] {
    if (network === undefined) return SIM_NETWORKS.map((s) => s.network)
    if (!this.#isSimNetwork(network)) {
      throw new SimulationRefusedError()
    }
    return [network]
  }
}
