import { checkDatabaseAnswers } from '../db/readiness.js'
import type { HttpAppDeps } from '../http/app.js'
import type { DashboardDeps } from '../http/routes/dashboard/dashboard-routes.js'
import type { OperatorApiDeps } from '../http/routes/operator-api-routes.js'
import { FormTokenSigner } from '../security/form-token.js'
import { doctorDeps } from '../services/doctor/doctor-deps.js'
import { runDoctor } from '../services/doctor/run-doctor.js'
import type { Kassa } from './kassa.js'

/**
 * What each route group of the HTTP app gets from a running Kassa: the one place that maps the
 * whole application to the few services and settings each plugin declares it uses. A route
 * that needs something more asks for it in its own deps interface and gets it here.
 */
export function httpAppDeps(k: Kassa): HttpAppDeps {
  const { publicUrl } = k.config
  const engine = k.deps
  // SQLite shares one change check among a turn's reads; elsewhere the work just runs.
  const afterTurnReads = k.database.afterTurnReads ?? (<T>(work: () => Promise<T>): Promise<T> => work())
  const publicPages = { engine, stores: k.stores, pageSettings: k.pageSettings, rates: k.rates, publicUrl }
  return {
    log: k.log,
    server: {
      logLevel: k.config.logLevel,
      bodyLimit: k.config.bodyLimit,
      http: k.config.http,
      rateLimitAllow: k.config.rateLimitAllow,
      publicUrl,
    },
    rateLimitCounters: k.database.dialect.sharedByInstances ? k.repos.rateLimits : undefined,
    health: { checkDatabase: () => checkDatabaseAnswers(k.database), log: k.log },
    merchantApi: {
      engine,
      stores: k.stores,
      signatures: k.signatures,
      rates: k.rates,
      webhooks: k.webhooks,
      publicUrl,
      afterTurnReads,
    },
    rates: { rates: k.rates },
    checkout: {
      ...publicPages,
      paymentWatch: k.paymentWatch,
      simulation: k.simulation,
      contentVersion: k.database.contentVersion,
      afterTurnReads,
    },
    widget: { ...publicPages },
    donation: { ...publicPages },
    refundPage: { engine, publicUrl },
    paymentLinks: { engine, rates: k.rates, publicUrl },
    operatorApi: operatorApiDeps(k),
    swapApi: {
      accounts: k.swapAccounts,
      meta: { swap: k.swap, rates: k.rates, exchangeDefaultFee: k.config.swap.exchangeDefaultFee },
      orders: { swap: k.swap, rates: k.rates, exchangeDefaultFee: k.config.swap.exchangeDefaultFee },
    },
    dashboard: dashboardDeps(k),
  }
}

/** No token configured, no operator API: undefined, and the paths answer 404. */
function operatorApiDeps(k: Kassa): OperatorApiDeps | undefined {
  const token = k.config.operatorToken
  if (token === undefined) return undefined
  return {
    token,
    webhookTools: { webhooks: k.webhooks },
    payouts: { engine: k.deps, stores: k.stores },
    swapTools: { swap: k.swap },
    doctor: { runDoctor: () => runDoctor(doctorDeps(k.repos, k.deps.chains)) },
  }
}

function dashboardDeps(k: Kassa): DashboardDeps {
  const engine = k.deps
  const repos = k.repos
  const stores = k.stores
  const accountSessions = k.accountSessions
  const secureCookies = k.config.publicUrl.startsWith('https:')
  return {
    accountSessions,
    csrfKey: k.dashboardCsrfKey,
    secureCookies,
    auth: { accountSessions, secureCookies },
    account: { accountSessions, secureCookies },
    stores: { engine, repos, stores, pageSettings: k.pageSettings, operatorSettings: k.operatorSettings, rates: k.rates },
    payments: { engine, repos, stores, publicUrl: k.config.publicUrl },
    paymentLinks: { engine, stores, rates: k.rates, publicUrl: k.config.publicUrl },
    webhooks: { stores, webhooks: k.webhooks },
    balances: { engine, stores },
    withdrawals: { engine, stores, accountSessions, confirmations: new FormTokenSigner(k.dashboardCsrfKey, 'withdrawal') },
    refunds: { engine, stores, publicUrl: k.config.publicUrl },
    partner: { repos, now: engine.now, partnerKeys: k.partnerKeys },
    operator: {
      repos,
      now: engine.now,
      stores,
      operatorSettings: k.operatorSettings,
      networks: {
        chains: engine.chains,
        repos,
        now: engine.now,
        rates: k.rates,
        rateConfig: { provider: k.config.rates.provider, ttlMs: k.config.rates.ttlMs },
      },
      swapTools: { swap: k.swap, screening: k.screening, repos },
    },
  }
}
