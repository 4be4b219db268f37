import type { SimChainStore } from '../chains/adapters/sim/sim-chain-store.js'
import type { ChainRegistry } from '../chains/registry.js'
import type { KassaConfig } from '../config/index.js'
import { ChainWatcher } from '../jobs/workers/chain-watcher.js'
import { PayoutWorker } from '../jobs/workers/payout-worker.js'
import { CoinGeckoRateSource, OfflineRateSource, RateService } from '../rates/index.js'
import type { RateSource } from '../rates/index.js'
import type { OperatorSettings } from '../services/dashboard/operator-settings.js'
import { PageSettingsService } from '../services/page-settings-service.js'
import type { PaymentEngineDeps } from '../services/payments/payment-engine-deps.js'
import { PaymentWatchHub } from '../services/payments/payment-watch-hub.js'
import { Simulation } from '../services/simulation.js'
import { StoreService } from '../services/store-service.js'
import type { WebhookService } from '../services/webhooks/webhook-service.js'
import type { WiringBase } from './wiring-base.js'

export interface PaymentWiring {
  /** What the payment use cases take. */
  deps: PaymentEngineDeps
  stores: StoreService
  rates: RateService
  /** Test mode: simulated transfers, blocks and reorgs. */
  simulation: Simulation
  /** Widget and donation settings per store. */
  pageSettings: PageSettingsService
  /** Live status of open payment pages (server-sent events). */
  paymentWatch: PaymentWatchHub
  /** One per network: follows its chain and reconciles the payments it touches. */
  watchers: ChainWatcher[]
  /** Signs, sends and follows withdrawals, sweeps and swap outputs. */
  payouts: PayoutWorker
}

/**
 * Money in and out: the payment engine's dependencies, stores, rates, test mode, the chain
 * watchers and the payout worker. Stores check webhook URLs with the webhook service and take
 * the operator's default commission.
 */
export function wirePayments(
  base: WiringBase,
  chains: ChainRegistry,
  simChain: SimChainStore,
  neighbours: { webhooks: WebhookService; operatorSettings: OperatorSettings },
): PaymentWiring {
  const { config, database, now, log } = base
  const deps: PaymentEngineDeps = {
    repos: base.repos,
    chains,
    now,
    uniqueAmountSlots: config.uniqueAmountSlots,
    publicAmountSlots: config.publicAmountSlots,
  }
  const stores = new StoreService(base.repos, base.box, now, database.externalChanges, {
    checkWebhookUrl: (url) => neighbours.webhooks.checkUrl(url),
    served: (mode, currency) => chains.forCurrency(mode, currency) !== undefined,
    defaultCommissionBp: async () => (await neighbours.operatorSettings.get()).defaultCommissionBp,
  })
  const rates = new RateService({
    primary: primaryRateSource(config),
    fallback: new OfflineRateSource(),
    ttlMs: config.rates.ttlMs,
    now,
    logger: { warn: (obj, msg) => log.warn(obj, msg) },
  })
  const simulation = new Simulation(deps, simChain)
  const pageSettings = new PageSettingsService(base.repos, now)
  const paymentWatch = new PaymentWatchHub(deps)
  const watchers = chains.all().map((adapter) => new ChainWatcher(deps, adapter, log))
  const payouts = new PayoutWorker(deps, log)
  return { deps, stores, rates, simulation, pageSettings, paymentWatch, watchers, payouts }
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
