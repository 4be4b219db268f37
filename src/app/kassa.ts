import pino from 'pino'
import type { Logger } from 'pino'
import { ChainUnavailableError } from '../errors/index.js'
import { resolveMasterKey } from '../config/index.js'
import type { KassaConfig } from '../config/index.js'
import type { DatabaseHandle } from '../db/dialect.js'
import { migrateToLatest } from '../db/migrate.js'
import { openDatabase } from '../db/open-database.js'
import { Repositories } from '../db/repositories/repositories.js'
import type { ChainWatcher } from '../jobs/workers/chain-watcher.js'
import type { PayoutWorker } from '../jobs/workers/payout-worker.js'
import type { WebhookWorker } from '../jobs/workers/webhook-worker.js'
import type { RateService } from '../rates/index.js'
import { SecretBox } from '../security/secret-box.js'
import type { PaymentEngineDeps } from '../services/payments/payment-engine-deps.js'
import type { PageSettingsService } from '../services/page-settings-service.js'
import type { PaymentWatchHub } from '../services/payments/payment-watch-hub.js'
import { SignatureReplayGuard } from '../services/signature-replay-guard.js'
import type { Simulation } from '../services/simulation.js'
import type { StoreService } from '../services/store-service.js'
import type { WebhookSender } from '../services/webhooks/webhook-sender.js'
import type { WebhookService } from '../services/webhooks/webhook-service.js'
import type { SwapAccounts } from '../services/swap/swap-accounts.js'
import type { ScreeningList } from '../services/swap/screening-list.js'
import type { SwapDeps } from '../services/swap/swap-deps.js'
import { SwapSignature } from '../security/swap-signature.js'
import type { AccountSessions } from '../services/accounts/account-sessions.js'
import type { OperatorSettings } from '../services/dashboard/operator-settings.js'
import type { PartnerKeys } from '../services/dashboard/partner-keys.js'
import { chainRegistry, openRealNetworks } from './chain-wiring.js'
import type { VerifiableAdapter } from './chain-wiring.js'
import { wireDashboard } from './dashboard-wiring.js'
import { wirePayments } from './payment-wiring.js'
import { wireSwap } from './swap-wiring.js'
import { wireWebhooks } from './webhook-wiring.js'
import type { WiringBase } from './wiring-base.js'
import { BackgroundWorkers } from './workers.js'

export type { VerifiableAdapter } from './chain-wiring.js'

export interface KassaOptions {
  config: KassaConfig
  /** Injected clock; tests move time to reach expiry. Defaults to Date.now. */
  now?: () => number
  logger?: Logger
  /** An already open database (tests share one per file); opened from config otherwise. */
  database?: DatabaseHandle
  /** A long-running server: SQLite checkpoints move to a worker thread. */
  server?: boolean
}

/**
 * Everything one Kassa process runs: database, chains, rates, services and background
 * workers. Each area is wired in its own file (payment-, webhook-, swap-, dashboard-wiring.ts,
 * workers.ts); this object opens the database, holds what they built, and closes it all. The
 * HTTP server gets from it only what each route group uses (route-deps.ts); the CLI uses it whole.
 */
export class Kassa {
  readonly config: KassaConfig
  readonly log: Logger
  readonly database: DatabaseHandle
  /** The database, table by table (db/repositories/repositories.ts). */
  readonly repos: Repositories
  /** What the payment use cases take. */
  readonly deps: PaymentEngineDeps
  readonly stores: StoreService
  /** Signatures of the Merchant API already used (replay refusal, shared by all instances). */
  readonly signatures: SignatureReplayGuard
  readonly rates: RateService
  readonly simulation: Simulation
  /** Widget and donation settings per store. */
  readonly pageSettings: PageSettingsService
  /** Live status of open payment pages (server-sent events). */
  readonly paymentWatch: PaymentWatchHub
  readonly swapAccounts: SwapAccounts
  readonly screening: ScreeningList
  /** The Swap API's use cases' dependencies. */
  readonly swap: SwapDeps
  readonly watchers: ChainWatcher[]
  readonly webhooks: WebhookService
  readonly webhookWorker: WebhookWorker
  readonly #webhookSender: WebhookSender
  readonly #workers: BackgroundWorkers
  readonly #ownsDatabase: boolean

  readonly payouts: PayoutWorker
  /** Real networks (EVM by config), checked against their nodes by `verifyNetworks`. */
  readonly realNetworks: readonly VerifiableAdapter[]
  readonly operatorSettings: OperatorSettings
  /** Dashboard people, their sign-ins and sessions. */
  readonly accountSessions: AccountSessions
  /** Signs the dashboard's CSRF tokens: derived from the master key, so it survives restarts. */
  readonly dashboardCsrfKey: Buffer
  /** A partner's own Swap API keys, from the dashboard's partner page. */
  readonly partnerKeys: PartnerKeys

  private constructor(
    opts: Required<Omit<KassaOptions, 'database' | 'server'>> & {
      database: DatabaseHandle
      ownsDatabase: boolean
      box: SecretBox
      masterKey: Buffer
      swapSignature: SwapSignature
      realNetworks: VerifiableAdapter[]
    },
  ) {
    this.config = opts.config
    this.log = opts.logger
    this.database = opts.database
    this.#ownsDatabase = opts.ownsDatabase
    this.repos = Repositories.of(opts.database)
    const base: WiringBase = {
      config: opts.config,
      database: opts.database,
      repos: this.repos,
      now: opts.now,
      box: opts.box,
      log: opts.logger,
    }
    const simChain = this.repos.simChain
    const chains = chainRegistry(simChain, opts.realNetworks)
    this.realNetworks = opts.realNetworks

    const webhooks = wireWebhooks(base)
    this.webhooks = webhooks.webhooks
    this.webhookWorker = webhooks.webhookWorker
    this.#webhookSender = webhooks.webhookSender

    const swap = wireSwap(base, chains, opts.swapSignature)
    this.swapAccounts = swap.swapAccounts
    this.screening = swap.screening
    this.swap = swap.swap

    const dashboard = wireDashboard(base, opts.masterKey, this.swapAccounts)
    this.operatorSettings = dashboard.operatorSettings
    this.accountSessions = dashboard.accountSessions
    this.dashboardCsrfKey = dashboard.dashboardCsrfKey
    this.partnerKeys = dashboard.partnerKeys

    const payments = wirePayments(base, chains, simChain, { webhooks: this.webhooks, operatorSettings: this.operatorSettings })
    this.deps = payments.deps
    this.stores = payments.stores
    this.signatures = new SignatureReplayGuard(this.repos, opts.now)
    this.rates = payments.rates
    this.simulation = payments.simulation
    this.pageSettings = payments.pageSettings
    this.paymentWatch = payments.paymentWatch
    this.watchers = payments.watchers
    this.payouts = payments.payouts

    this.#workers = new BackgroundWorkers({
      config: opts.config,
      database: opts.database,
      log: opts.logger,
      deps: this.deps,
      swap: this.swap,
      watchers: this.watchers,
      payouts: this.payouts,
      webhookWorker: this.webhookWorker,
      accountSessions: this.accountSessions,
      simulation: this.simulation,
      signatures: this.signatures,
    })
  }

  static async open(opts: KassaOptions): Promise<Kassa> {
    const logger = opts.logger ?? pino({ level: opts.config.logLevel })
    const database =
      opts.database ??
      (await openDatabase({
        ...opts.config,
        backgroundCheckpoints: opts.server ?? false,
        onPoolError: (err) => logger.warn({ err }, 'database connection lost; the pool reconnects'),
      }))
    await migrateToLatest(database)
    const masterKey = resolveMasterKey(opts.config.masterKey, opts.config.dataDir)
    const box = new SecretBox(masterKey)
    const swapSignature = SwapSignature.fromConfig(opts.config.swap.signatureKey, masterKey)
    const realNetworks = await openRealNetworks(opts.config, box)
    return new Kassa({
      config: opts.config,
      now: opts.now ?? Date.now,
      logger,
      database,
      ownsDatabase: !opts.database,
      box,
      masterKey,
      swapSignature,
      realNetworks,
    })
  }

  /**
   * Asks each real network's node whether it is what the configuration says (chain id, token
   * contracts). A mismatch throws; a node that does not answer is only reported, because the
   * watcher waits for it and resumes from its cursor.
   */
  async verifyNetworks(): Promise<void> {
    for (const adapter of this.realNetworks) {
      try {
        await adapter.verify({ cursorHeight: await this.repos.chain.cursorHeight(adapter.network) })
      } catch (err) {
        if (err instanceof ChainUnavailableError)
          this.log.warn({ network: adapter.network, err: err.message }, 'network node unreachable at start; the watcher will keep trying')
        else throw err
      }
    }
  }

  /** One pass of every watcher and the expiry sweep: what the background loop does each tick. */
  runWorkersOnce(): Promise<void> {
    return this.#workers.runOnce()
  }

  /** Starts the background loops: watchers, expiry, webhook delivery, and the simulated networks' block timer. */
  startWorkers(): void {
    this.#workers.start()
  }

  async close(): Promise<void> {
    await this.#workers.stop()
    this.paymentWatch.close()
    this.#webhookSender.close()
    if (this.#ownsDatabase) await this.database.close()
  }
}
