import { createHmac } from 'node:crypto'
import pino from 'pino'
import type { Logger } from 'pino'
import type { ChainAdapter } from '../chains/adapter.js'
import { ChainRegistry } from '../chains/registry.js'
import { ChainUnavailableError } from '../errors/index.js'
import { createSimAdapter } from '../chains/sim/sim-adapter.js'
import { SIM_NETWORKS } from '../chains/sim/sim-networks.js'
import { resolveMasterKey } from '../config/index.js'
import type { KassaConfig } from '../config/index.js'
import type { DatabaseHandle } from '../db/dialect.js'
import { withAdvisoryLock } from '../db/advisory-lock.js'
import { migrateToLatest } from '../db/migrate.js'
import { transactionRunnerFor } from '../db/transaction-runner.js'
import { openDatabase } from '../db/open-database.js'
import { Repositories } from '../db/repositories/repositories.js'
import { PeriodicTask } from '../jobs/periodic-task.js'
import { ChainWatcher } from '../jobs/workers/chain-watcher.js'
import { expireDuePayments } from '../jobs/workers/expiry-worker.js'
import { WebhookWorker } from '../jobs/workers/webhook-worker.js'
import { runSwapWorker } from '../jobs/workers/swap-worker.js'
import { PayoutWorker } from '../jobs/workers/payout-worker.js'
import { CoinGeckoRateSource, OfflineRateSource, RateService } from '../rates/index.js'
import type { RateSource } from '../rates/index.js'
import { SecretBox } from '../security/secret-box.js'
import type { PaymentEngineDeps } from '../services/payments/payment-engine-deps.js'
import { PageSettingsService } from '../services/page-settings-service.js'
import { PaymentWatchHub } from '../services/payments/payment-watch-hub.js'
import { Simulation } from '../services/simulation.js'
import { StoreService } from '../services/store-service.js'
import { WebhookSender } from '../services/webhooks/webhook-sender.js'
import { WebhookService } from '../services/webhooks/webhook-service.js'
import { WebhookSigner } from '../services/webhooks/webhook-signing.js'
import { SwapAccounts } from '../services/swap/swap-accounts.js'
import { ScreeningList } from '../services/swap/screening-list.js'
import type { SwapDeps } from '../services/swap/swap-deps.js'
import { SwapSignature } from '../security/swap-signature.js'
import { AccountSessions } from '../services/accounts/account-sessions.js'
import { OperatorSettings } from '../services/dashboard/operator-settings.js'

/** A real network's adapter: it can check its node against the configuration. */
export interface VerifiableAdapter extends ChainAdapter {
  verify(): Promise<void>
}

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
 * Everything one Kassa process runs, wired in one place: database, chains, rates, services
 * and background workers. The HTTP server (src/http/app.ts) and the CLI both build on it.
 */
export class Kassa {
  readonly config: KassaConfig
  readonly log: Logger
  readonly database: DatabaseHandle
  /** The database, table by table (db/repositories/repositories.ts). */
  readonly repos: Repositories
  readonly deps: PaymentEngineDeps
  readonly stores: StoreService
  readonly rates: RateService
  readonly simulation: Simulation
  /** Widget and donation settings per store (issue 6). */
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
  readonly #tasks: PeriodicTask[] = []
  readonly #ownsDatabase: boolean

  readonly payouts: PayoutWorker
  /** Real networks (EVM by config), checked against their nodes by `verifyNetworks`. */
  readonly realNetworks: readonly VerifiableAdapter[]
  readonly operatorSettings: OperatorSettings
  /** Dashboard people, their sign-ins and sessions. */
  readonly accountSessions: AccountSessions
  /** Signs the dashboard's CSRF tokens: derived from the master key, so it survives restarts. */
  readonly dashboardCsrfKey: Buffer

  private constructor(opts: Required<Omit<KassaOptions, 'database' | 'server'>> & {
    database: DatabaseHandle
    ownsDatabase: boolean
    box: SecretBox
    masterKey: Buffer
    swapSignature: SwapSignature
    realNetworks: VerifiableAdapter[]
  }) {
    this.config = opts.config
    this.log = opts.logger
    this.database = opts.database
    this.#ownsDatabase = opts.ownsDatabase
    const { db, dialect } = opts.database
    const writes = transactionRunnerFor(opts.database)
    this.repos = Repositories.of(opts.database, writes)
    const simChain = this.repos.simChain
    const chains = new ChainRegistry()
    for (const spec of SIM_NETWORKS) chains.register(createSimAdapter(spec, simChain))
    for (const adapter of opts.realNetworks) chains.register(adapter)
    this.realNetworks = opts.realNetworks
    this.deps = {
      repos: this.repos,
      db,
      dialect,
      writes,
      chains,
      now: opts.now,
      uniqueAmountSlots: opts.config.uniqueAmountSlots,
      publicAmountSlots: opts.config.publicAmountSlots,
    }
    const webhookConfig = opts.config.webhooks
    this.#webhookSender = new WebhookSender({
      timeoutMs: webhookConfig.timeoutMs,
      allowPrivate: webhookConfig.allowPrivate,
      socketsPerOrigin: webhookConfig.storeConcurrency,
    })
    const signer = new WebhookSigner(opts.box)
    this.webhooks = new WebhookService({ repos: this.repos, dialect, now: opts.now, config: webhookConfig, sender: this.#webhookSender, signer })
    this.webhookWorker = new WebhookWorker({
      repos: this.repos,
      now: opts.now,
      config: webhookConfig,
      sender: this.#webhookSender,
      signer,
      log: this.log.child({ component: 'webhooks' }),
    })
    this.stores = new StoreService(this.repos, opts.box, opts.now, opts.database.externalChanges, {
      checkWebhookUrl: (url) => this.webhooks.checkUrl(url),
      served: (mode, currency) => chains.forCurrency(mode, currency) !== undefined,
      defaultCommissionBp: async () => (await this.operatorSettings.get()).defaultCommissionBp,
    })
    this.rates = new RateService({
      primary: primaryRateSource(opts.config),
      fallback: new OfflineRateSource(),
      ttlMs: opts.config.rates.ttlMs,
      now: opts.now,
      logger: { warn: (obj, msg) => this.log.warn(obj, msg) },
    })
    this.simulation = new Simulation(this.deps, simChain)
    this.pageSettings = new PageSettingsService(this.repos, opts.now)
    this.paymentWatch = new PaymentWatchHub(this.deps)
    this.swapAccounts = new SwapAccounts(this.repos, opts.now, opts.config.swap.quotas)
    this.screening = new ScreeningList(this.repos, opts.now)
    this.swap = { repos: this.repos, db, dialect, chains, now: opts.now, accounts: this.swapAccounts, signature: opts.swapSignature, maintenance: opts.config.swap.maintenance, auditDays: opts.config.swap.auditDays }
    this.watchers = chains.all().map((adapter) => new ChainWatcher(this.deps, adapter, this.log))
    this.payouts = new PayoutWorker(this.deps, this.log)
    this.operatorSettings = new OperatorSettings(this.repos, opts.now)
    this.accountSessions = new AccountSessions(this.repos, opts.box, opts.now, this.operatorSettings)
    this.dashboardCsrfKey = createHmac('sha256', opts.masterKey).update('kassa dashboard csrf v1').digest()
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
    const realNetworks: VerifiableAdapter[] = []
    if (opts.config.evmNetworks.length > 0) {
      // viem loads only when an EVM network is configured: it is a quarter of a second of start-up.
      const { openEvmNetwork } = await import('../chains/evm/evm-network.js')
      for (const n of opts.config.evmNetworks) realNetworks.push(openEvmNetwork(n, box))
    }
    return new Kassa({ config: opts.config, now: opts.now ?? Date.now, logger, database, ownsDatabase: !opts.database, box, masterKey, swapSignature, realNetworks })
  }

  /**
   * Asks each real network's node whether it is what the configuration says (chain id, token
   * contracts). A mismatch throws; a node that does not answer is only reported, because the
   * watcher waits for it and resumes from its cursor.
   */
  async verifyNetworks(): Promise<void> {
    for (const adapter of this.realNetworks) {
      try {
        await adapter.verify()
      } catch (err) {
        if (err instanceof ChainUnavailableError) this.log.warn({ network: adapter.network, err: err.message }, 'network node unreachable at start; the watcher will keep trying')
        else throw err
      }
    }
  }

  /** One pass of every watcher and the expiry sweep: what the background loop does each tick. */
  async runWorkersOnce(): Promise<void> {
    for (const w of this.watchers) await w.runOnce()
    await expireDuePayments(this.deps)
    await runSwapWorker(this.swap)
    await this.payouts.runOnce()
    this.webhookWorker.kick()
  }

  /** Starts the background loops: watchers, expiry, webhook delivery, and the simulated networks' block timer. */
  startWorkers(): void {
    const log = this.log
    const db = this.database
    for (const w of this.watchers) {
      const name = `watch ${w.network}`
      // Each pass may have recorded events: the webhook worker looks at once, not at its next poll.
      const watch = () => withAdvisoryLock(db, name, () => w.runOnce()).finally(() => this.webhookWorker.kick())
      this.#tasks.push(new PeriodicTask(name, w.pollIntervalMs ?? this.config.watchIntervalMs, watch, log))
    }
    const expire = () => expireDuePayments(this.deps).finally(() => this.webhookWorker.kick())
    this.#tasks.push(new PeriodicTask('expiry', 1000, expire, log))
    this.#tasks.push(new PeriodicTask('swap', 1000, () => withAdvisoryLock(db, 'swap', () => runSwapWorker(this.swap).then(() => undefined)), log))
    // Simulated networks send too (test-mode swap outputs), so the payout loop always runs.
    if (this.deps.chains.all().some((a) => a.capabilities.supportsSend)) {
      // One instance sends, or two could sign the same queued payout with different nonces.
      const pay = () => withAdvisoryLock(db, 'payouts', () => this.payouts.runOnce())
      this.#tasks.push(new PeriodicTask('payouts', this.config.payoutIntervalMs, pay, log))
    }
    this.#tasks.push(new PeriodicTask('dashboard sessions', 3_600_000, () => this.accountSessions.purgeExpired(), log))
    if (this.config.sim.blockSeconds > 0) {
      // One instance mines, or several instances sharing PostgreSQL would mine at N times the rate.
      const mine = () => withAdvisoryLock(db, 'sim blocks', () => this.simulation.mine(1))
      this.#tasks.push(new PeriodicTask('sim blocks', this.config.sim.blockSeconds * 1000, mine, log))
    }
    for (const t of this.#tasks) t.start()
    this.webhookWorker.start()
  }

  async close(): Promise<void> {
    await Promise.all([...this.#tasks.map((t) => t.stop()), this.webhookWorker.stop()])
    this.paymentWatch.close()
    this.#tasks.length = 0
    this.#webhookSender.close()
    if (this.#ownsDatabase) await this.database.close()
  }
}

function primaryRateSource(config: KassaConfig): RateSource {
  if (config.rates.provider === 'coingecko') {
    return new CoinGeckoRateSource({
      ...(config.rates.coingeckoUrl !== undefined && { baseUrl: config.rates.coingeckoUrl }),
      ...(config.rates.coingeckoApiKey !== undefined && { apiKey: config.rates.coingeckoApiKey }),
    })
  }
  return config.rates.file ? OfflineRateSource.fromFile(config.rates.file) : new OfflineRateSource()
}
