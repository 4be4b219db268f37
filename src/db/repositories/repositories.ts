import type { Kysely } from 'kysely'
import type { DatabaseHandle } from '../dialect.js'
import type { Database } from '../schema.js'
import { transactionRunnerFor } from '../transaction-runner.js'
import type { TransactionRunner } from '../transaction-runner.js'
import { ChainRepository } from './chain-repository.js'
import { DepositAddressRepository } from './deposit-address-repository.js'
import { DoctorRepository } from './doctor-repository.js'
import { FormTokenRepository } from './form-token-repository.js'
import { IdempotencyRepository } from './idempotency-repository.js'
import { LedgerRepository } from './ledger-repository.js'
import { LoginThrottleRepository } from './login-throttle-repository.js'
import { OperatorSettingsRepository } from './operator-settings-repository.js'
import { PageSettingsRepository } from './page-settings-repository.js'
import { PaymentLinkRepository } from './payment-link-repository.js'
import { PaymentRepository } from './payment-repository.js'
import { PayoutRepository } from './payout-repository.js'
import { RateLimitRepository } from './rate-limit-repository.js'
import { RefundRepository } from './refund-repository.js'
import type { RepositoryContext } from './repository-context.js'
import { SeenSignatureRepository } from './seen-signature-repository.js'
import { RetentionRepository } from './retention-repository.js'
import { SelectionRepository } from './selection-repository.js'
import { SessionRepository } from './session-repository.js'
import { SimChainRepository } from './sim-chain-repository.js'
import { StoreRepository } from './store-repository.js'
import { SwapCredentialRepository } from './swap-credential-repository.js'
import { SwapOrderRepository } from './swap-order-repository.js'
import { UserRepository } from './user-repository.js'
import { WebhookRepository } from './webhook-repository.js'

export type UnitOfWork<T> = (tx: Repositories) => Promise<T>

/**
 * The database as services see it: one repository per group of tables, each the only code
 * that queries its tables (docs/ARCHITECTURE.md). Services never hold a query builder; they
 * read through `repos.x` and write through `repos.write(tx => …)`, where `tx` is the same set
 * of repositories bound to one transaction.
 *
 * Repositories are built on first use: a request that reads one table builds one object.
 */
export class Repositories {
  readonly #ctx: RepositoryContext
  readonly #writes: TransactionRunner
  #payments?: PaymentRepository
  #depositAddresses?: DepositAddressRepository
  #selections?: SelectionRepository
  #idempotency?: IdempotencyRepository
  #formTokens?: FormTokenRepository
  #seenSignatures?: SeenSignatureRepository
  #chain?: ChainRepository
  #payouts?: PayoutRepository
  #refunds?: RefundRepository
  #ledger?: LedgerRepository
  #stores?: StoreRepository
  #webhooks?: WebhookRepository
  #users?: UserRepository
  #sessions?: SessionRepository
  #loginThrottle?: LoginThrottleRepository
  #operatorSettings?: OperatorSettingsRepository
  #pageSettings?: PageSettingsRepository
  #swapCredentials?: SwapCredentialRepository
  #swapOrders?: SwapOrderRepository
  #simChain?: SimChainRepository
  #paymentLinks?: PaymentLinkRepository
  #doctor?: DoctorRepository
  #rateLimits?: RateLimitRepository
  #retention?: RetentionRepository

  private constructor(ctx: RepositoryContext, writes: TransactionRunner) {
    this.#ctx = ctx
    this.#writes = writes
  }

  /** The repositories of an open database; write transactions go through its runner (group commit on SQLite). */
  static of(handle: DatabaseHandle, writes: TransactionRunner = transactionRunnerFor(handle)): Repositories {
    return new Repositories({ root: handle.db, db: handle.db, dialect: handle.dialect, inTransaction: false }, writes)
  }

  /**
   * Runs `work` as one unit of work: its writes commit together or not at all. On SQLite
   * concurrent units share one commit (db/transaction-runner.ts), so `work` must use only the
   * `tx` it is given. Inside a unit of work, `write` runs `work` in the same transaction.
   */
  write<T>(work: UnitOfWork<T>): Promise<T> {
    if (this.#ctx.inTransaction) return work(this)
    return this.#writes.run((trx) => work(this.#bound(trx)))
  }

  /**
   * A transaction of its own, outside the group commit: for background work (the chain
   * watchers) that must not wait behind, or hold up, a batch of API writes.
   */
  transaction<T>(work: UnitOfWork<T>): Promise<T> {
    if (this.#ctx.inTransaction) return work(this)
    return this.#ctx.root.transaction().execute((trx) => work(this.#bound(trx)))
  }

  #bound(trx: Kysely<Database>): Repositories {
    return new Repositories({ ...this.#ctx, db: trx, inTransaction: true }, this.#writes)
  }

  get payments(): PaymentRepository {
    return (this.#payments ??= new PaymentRepository(this.#ctx))
  }
  get depositAddresses(): DepositAddressRepository {
    return (this.#depositAddresses ??= new DepositAddressRepository(this.#ctx))
  }
  get selections(): SelectionRepository {
    return (this.#selections ??= new SelectionRepository(this.#ctx))
  }
  /** Deletes rows past their retention (jobs/workers/retention-worker.ts). */
  get retention(): RetentionRepository {
    return (this.#retention ??= new RetentionRepository(this.#ctx))
  }
  get idempotency(): IdempotencyRepository {
    return (this.#idempotency ??= new IdempotencyRepository(this.#ctx))
  }
  get formTokens(): FormTokenRepository {
    return (this.#formTokens ??= new FormTokenRepository(this.#ctx))
  }
  get seenSignatures(): SeenSignatureRepository {
    return (this.#seenSignatures ??= new SeenSignatureRepository(this.#ctx))
  }
  get chain(): ChainRepository {
    return (this.#chain ??= new ChainRepository(this.#ctx))
  }
  get payouts(): PayoutRepository {
    return (this.#payouts ??= new PayoutRepository(this.#ctx))
  }
  /** Read-only consistency queries of `kassa doctor`. */
  get doctor(): DoctorRepository {
    return (this.#doctor ??= new DoctorRepository(this.#ctx))
  }
  get refunds(): RefundRepository {
    return (this.#refunds ??= new RefundRepository(this.#ctx))
  }
  get ledger(): LedgerRepository {
    return (this.#ledger ??= new LedgerRepository(this.#ctx.db, this.#ctx.dialect))
  }
  get stores(): StoreRepository {
    return (this.#stores ??= new StoreRepository(this.#ctx))
  }
  get webhooks(): WebhookRepository {
    return (this.#webhooks ??= new WebhookRepository(this.#ctx))
  }
  get users(): UserRepository {
    return (this.#users ??= new UserRepository(this.#ctx))
  }
  get sessions(): SessionRepository {
    return (this.#sessions ??= new SessionRepository(this.#ctx))
  }
  get rateLimits(): RateLimitRepository {
    return (this.#rateLimits ??= new RateLimitRepository(this.#ctx))
  }
  get loginThrottle(): LoginThrottleRepository {
    return (this.#loginThrottle ??= new LoginThrottleRepository(this.#ctx))
  }
  get operatorSettings(): OperatorSettingsRepository {
    return (this.#operatorSettings ??= new OperatorSettingsRepository(this.#ctx))
  }
  get pageSettings(): PageSettingsRepository {
    return (this.#pageSettings ??= new PageSettingsRepository(this.#ctx))
  }
  get swapCredentials(): SwapCredentialRepository {
    return (this.#swapCredentials ??= new SwapCredentialRepository(this.#ctx.db))
  }
  get swapOrders(): SwapOrderRepository {
    return (this.#swapOrders ??= new SwapOrderRepository(this.#ctx.db))
  }
  get simChain(): SimChainRepository {
    return (this.#simChain ??= new SimChainRepository(this.#ctx.db))
  }
  get paymentLinks(): PaymentLinkRepository {
    return (this.#paymentLinks ??= new PaymentLinkRepository(this.#ctx))
  }
}
