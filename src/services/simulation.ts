import { randomBytes } from 'node:crypto'
import type { BlockRef } from '../chains/adapter.js'
import type { SimChainStore } from '../chains/sim/sim-chain-store.js'
import { SIM_NETWORKS } from '../chains/sim/sim-networks.js'
import { parseCryptoAmount } from '../domain/payments/payment-request.js'
import { RequestInvalidError, SimulationRefusedError } from '../errors/index.js'
import type { CurrencyCode } from '../money/index.js'
import type { PaymentEngineDeps } from './payments/payment-engine-deps.js'
import { findPayment } from './payments/payment-queries.js'

export interface SimulatedPayment {
  txHash: string
  network: string
  address: string
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

  /** Sends `amount` (default: what is still due) to the payment's address, into the mempool. */
  async pay(paymentId: string, amountText?: string): Promise<SimulatedPayment> {
    const p = await findPayment(this.#deps, paymentId)
    const store = await this.#deps.db.selectFrom('stores').select('mode').where('id', '=', p.store_id).executeTakeFirstOrThrow()
    if (store.mode !== 'test' || p.test_mode !== 1 || !this.#isSimNetwork(p.network)) throw new SimulationRefusedError()
    if (p.status === 'queued') throw new RequestInvalidError('This payment is queued and has no amount to pay yet.')
    const currency = p.currency as CurrencyCode
    const due = BigInt(p.amount_with_cents ?? p.amount_requested) - BigInt(p.amount_received)
    const amount = amountText === undefined ? due : parseCryptoAmount('amount', amountText, currency)
    if (amount <= 0n) throw new RequestInvalidError('Nothing is due on this payment; pass an amount to send more.')
    const txHash = randomBytes(32).toString('hex')
    await this.#chain.addTransaction({ txHash, network: p.network, currency, toAddress: p.pay_address, amount }, this.#deps.now())
    return { txHash, network: p.network, address: p.pay_address, amount }
  }

  async mine(count: number, network?: string): Promise<Record<string, BlockRef[]>> {
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new RequestInvalidError('Block count must be 1–1000.')
    const out: Record<string, BlockRef[]> = {}
    for (const n of this.#networks(network)) out[n] = await this.#chain.mine(n, count, this.#deps.now())
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
