import type { Logger } from 'pino'
import type { KassaConfig } from '../config/index.js'
import { withAdvisoryLock } from '../db/advisory-lock.js'
import type { DatabaseHandle } from '../db/dialect.js'
import { PeriodicTask } from '../jobs/periodic-task.js'
import type { ChainWatcher } from '../jobs/workers/chain-watcher.js'
import { expireDuePayments } from '../jobs/workers/expiry-worker.js'
import { purgeExpiredRows } from '../jobs/workers/retention-worker.js'
import type { PayoutWorker } from '../jobs/workers/payout-worker.js'
import { runSwapWorker } from '../jobs/workers/swap-worker.js'
import type { WebhookWorker } from '../jobs/workers/webhook-worker.js'
import type { AccountSessions } from '../services/accounts/account-sessions.js'
import type { PaymentEngineDeps } from '../services/payments/payment-engine-deps.js'
import type { SignatureReplayGuard } from '../services/signature-replay-guard.js'
import type { Simulation } from '../services/simulation.js'
import type { SwapDeps } from '../services/swap/swap-deps.js'

/** What the background work runs: built by the areas' wiring, handed over by Kassa. */
export interface WorkerParts {
  config: Pick<KassaConfig, 'watchIntervalMs' | 'payoutIntervalMs' | 'sim' | 'retention'>
  /** The advisory locks that keep singleton work on one instance. */
  database: DatabaseHandle
  log: Logger
  deps: PaymentEngineDeps
  swap: SwapDeps
  watchers: readonly ChainWatcher[]
  payouts: PayoutWorker
  webhookWorker: WebhookWorker
  /** Purges expired dashboard sessions. */
  accountSessions: AccountSessions
  /** Mines the simulated networks' blocks on a timer. */
  simulation: Simulation
  /** Purges the Merchant API's expired seen signatures. */
  signatures: SignatureReplayGuard
}

/**
 * The periodic tasks of one process (DESIGN.md "Jobs"): chain watchers, the expiry sweep, the
 * swap worker, the payout worker, session purge, retention purge, simulated mining, and the webhook worker's
 * own loop. Singleton work holds an advisory lock, so on a shared PostgreSQL one instance does it.
 */
export class BackgroundWorkers {
  readonly #p: WorkerParts
  readonly #tasks: PeriodicTask[] = []

  constructor(parts: WorkerParts) {
    this.#p = parts
  }

  /** One pass of every watcher and the expiry sweep: what the background loop does each tick. */
  async runOnce(): Promise<void> {
    const p = this.#p
    for (const w of p.watchers) await w.runOnce()
    await expireDuePayments(p.deps)
    await runSwapWorker(p.swap)
    await p.payouts.runOnce()
    p.webhookWorker.kick()
  }

  /** Starts the background loops: watchers, expiry, webhook delivery, and the simulated networks' block timer. */
  start(): void {
    const p = this.#p
    const { log, database: db, webhookWorker } = p
    for (const w of p.watchers) {
      const name = `watch ${w.network}`
      // Each pass may have recorded events: the webhook worker looks at once, not at its next poll.
      const watch = () => withAdvisoryLock(db, name, () => w.runOnce()).finally(() => webhookWorker.kick())
      this.#tasks.push(new PeriodicTask(name, w.pollIntervalMs ?? p.config.watchIntervalMs, watch, log))
    }
    const expire = () => expireDuePayments(p.deps).finally(() => webhookWorker.kick())
    this.#tasks.push(new PeriodicTask('expiry', 1000, expire, log))
    this.#tasks.push(
      new PeriodicTask('swap', 1000, () => withAdvisoryLock(db, 'swap', () => runSwapWorker(p.swap).then(() => undefined)), log),
    )
    // Simulated networks send too (test-mode swap outputs), so the payout loop always runs.
    if (p.deps.chains.all().some((a) => a.capabilities.supportsSend)) {
      // One instance sends, or two could sign the same queued payout with different nonces.
      const pay = () => withAdvisoryLock(db, 'payouts', () => p.payouts.runOnce())
      this.#tasks.push(new PeriodicTask('payouts', p.config.payoutIntervalMs, pay, log))
    }
    this.#tasks.push(new PeriodicTask('dashboard sessions', 3_600_000, () => p.accountSessions.purgeExpired(), log))
    // Seen signatures live ten minutes; a purge a minute keeps the table at about that much traffic.
    this.#tasks.push(
      new PeriodicTask('seen signatures', 60_000, () => withAdvisoryLock(db, 'seen signatures', () => p.signatures.purgeExpired()), log),
    )
    // One instance purges: two would only race to delete the same batches.
    const purge = async () => {
      const run = await withAdvisoryLock(db, 'retention', () => purgeExpiredRows(p.deps.repos, p.config.retention, p.deps.now()))
      if (run && Object.values(run).some((n) => n > 0)) log.info({ task: 'retention', deleted: run }, 'purged rows past retention')
    }
    this.#tasks.push(new PeriodicTask('retention', p.config.retention.intervalMs, purge, log))
    if (p.config.sim.blockSeconds > 0) {
      // The lock alone let instances take turns, each on its own timer: N instances mined N
      // times as fast. A block is now mined only when the shared chain's newest one is a full
      // interval old, so the pace is one instance's whichever ticks; the lock keeps the check
      // and the insert together. Ticking at the interval loses nothing: one instance's own
      // block is always at least an interval old at its next tick.
      const intervalMs = p.config.sim.blockSeconds * 1000
      const mine = () => withAdvisoryLock(db, 'sim blocks', () => p.simulation.mineDue(intervalMs))
      this.#tasks.push(new PeriodicTask('sim blocks', intervalMs, mine, log))
    }
    for (const t of this.#tasks) t.start()
    webhookWorker.start()
  }

  /** Stops every loop, waiting for runs in progress (graceful shutdown). */
  async stop(): Promise<void> {
    await Promise.all([...this.#tasks.map((t) => t.stop()), this.#p.webhookWorker.stop()])
    this.#tasks.length = 0
  }
}
