import { z } from 'zod'
import { ConfigError } from './config-error.js'
import { loadEvmNetworksFile } from './evm-networks.js'
import type { EvmNetworkConfig } from './evm-networks.js'
import { DEFAULT_RETRY_DELAYS_MS, parseDelays } from '../domain/webhooks/retry-schedule.js'

/**
 * Every setting Kassa reads, from the environment, validated once at start so that a typo
 * stops the process with a message instead of surfacing as a strange error an hour later.
 * Defaults give the embedded mode: SQLite under ./data and simulated networks.
 */
const intFromEnv = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer from ${min} to ${max}` })
        return z.NEVER
      }
      return Number(v)
    })

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const envSchema = z.object({
  PORT: intFromEnv('PORT', 8080, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  KASSA_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  }),
  KASSA_RATES_FILE: optionalText,
  KASSA_RATES_PROVIDER: z.enum(['offline', 'coingecko']).default('offline'),
  KASSA_COINGECKO_API_KEY: optionalText,
  KASSA_COINGECKO_URL: optionalText,
  KASSA_MASTER_KEY: optionalText,
  KASSA_PUBLIC_URL: optionalText,
  KASSA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KASSA_SIM_BLOCK_SECONDS: intFromEnv('KASSA_SIM_BLOCK_SECONDS', 5, 0, 86_400),
  KASSA_WATCH_INTERVAL_MS: intFromEnv('KASSA_WATCH_INTERVAL_MS', 1000, 10, 600_000),
  KASSA_UNIQUE_AMOUNT_SLOTS: intFromEnv('KASSA_UNIQUE_AMOUNT_SLOTS', 99, 1, 9999),
  KASSA_EVM_NETWORKS_FILE: optionalText,
  KASSA_PAYOUT_INTERVAL_MS: intFromEnv('KASSA_PAYOUT_INTERVAL_MS', 2000, 10, 600_000),
  KASSA_PUBLIC_AMOUNT_SLOTS: intFromEnv('KASSA_PUBLIC_AMOUNT_SLOTS', 20, 1, 9999),
  KASSA_WEBHOOK_TIMEOUT_MS: intFromEnv('KASSA_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
  KASSA_WEBHOOK_RETRY_DELAYS: optionalText.transform((v, ctx) => {
    if (v === undefined) return [...DEFAULT_RETRY_DELAYS_MS]
    try {
      return parseDelays(v)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `KASSA_WEBHOOK_RETRY_DELAYS ${(err as Error).message}` })
      return z.NEVER
    }
  }),
  KASSA_WEBHOOK_ALLOW_PRIVATE: z.enum(['', '0', '1']).default('0'),
  KASSA_WEBHOOK_CONCURRENCY: intFromEnv('KASSA_WEBHOOK_CONCURRENCY', 64, 1, 1024),
  KASSA_WEBHOOK_STORE_CONCURRENCY: intFromEnv('KASSA_WEBHOOK_STORE_CONCURRENCY', 8, 1, 256),
  KASSA_WEBHOOK_POLL_MS: intFromEnv('KASSA_WEBHOOK_POLL_MS', 25, 5, 60_000),
  KASSA_OPERATOR_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 24, {
    message: 'KASSA_OPERATOR_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)',
  }),
})

export interface KassaConfig {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL connection string; undefined selects the embedded SQLite database. */
  databaseUrl: string | undefined
  /** Base URL that payment_url links are built on; defaults to http://HOST:PORT. */
  publicUrl: string
  logLevel: string
  /** base64 of 32 bytes; undefined means "read or create <dataDir>/master.key". */
  masterKey: string | undefined
  rates: {
    provider: 'offline' | 'coingecko'
    file: string | undefined
    coingeckoApiKey: string | undefined
    coingeckoUrl: string | undefined
    /** Rates are cached this long; the seed promises a 5-minute cache. */
    ttlMs: number
  }
  sim: {
    /** A block is mined on every simulated network this often; 0 turns the timer off. */
    blockSeconds: number
  }
  watchIntervalMs: number
  /** How many unique-amount offsets (k × 0.01) one base amount can take before `queued`. */
  uniqueAmountSlots: number
  /** Unique amounts held at once by one store's widget and donation payments (default 20). */
  publicAmountSlots: number
  /** Largest request body accepted, per the issue: 64 KiB. */
  bodyLimit: number
  /** Real EVM networks (KASSA_EVM_NETWORKS_FILE); none: only the simulated networks. */
  evmNetworks: EvmNetworkConfig[]
  /** How often the payout engine signs, sends and follows payouts and sweeps. */
  payoutIntervalMs: number
  webhooks: WebhookConfig
  /** Bearer token of the operator routes (/operator/v1); undefined: those routes do not exist. */
  operatorToken: string | undefined
}

export interface WebhookConfig {
  /** One attempt gives up after this long (the issue: 10 s). */
  timeoutMs: number
  /** Delay before each retry; its length is the number of retries (default 5). */
  retryDelaysMs: number[]
  /** Loopback, private and link-local receivers allowed (off by default: SSRF). */
  allowPrivate: boolean
  /** Attempts in flight at once, over all stores. */
  concurrency: number
  /** Attempts in flight at once to one store, so a slow receiver cannot take every slot. */
  storeConcurrency: number
  /** How often the worker looks for due events while idle. */
  pollMs: number
}

export { ConfigError }

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KassaConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'env'}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const hostForUrl = e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.KASSA_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.KASSA_PUBLIC_URL ?? `http://${hostForUrl}:${e.PORT}`).replace(/\/+$/, ''),
    logLevel: e.KASSA_LOG_LEVEL,
    masterKey: e.KASSA_MASTER_KEY,
    rates: {
      provider: e.KASSA_RATES_PROVIDER,
      file: e.KASSA_RATES_FILE,
      coingeckoApiKey: e.KASSA_COINGECKO_API_KEY,
      coingeckoUrl: e.KASSA_COINGECKO_URL,
      ttlMs: 5 * 60_000,
    },
    sim: { blockSeconds: e.KASSA_SIM_BLOCK_SECONDS },
    watchIntervalMs: e.KASSA_WATCH_INTERVAL_MS,
    uniqueAmountSlots: e.KASSA_UNIQUE_AMOUNT_SLOTS,
    publicAmountSlots: e.KASSA_PUBLIC_AMOUNT_SLOTS,
    bodyLimit: 64 * 1024,
    evmNetworks: e.KASSA_EVM_NETWORKS_FILE ? loadEvmNetworksFile(e.KASSA_EVM_NETWORKS_FILE) : [],
    payoutIntervalMs: e.KASSA_PAYOUT_INTERVAL_MS,
    webhooks: {
      timeoutMs: e.KASSA_WEBHOOK_TIMEOUT_MS,
      retryDelaysMs: e.KASSA_WEBHOOK_RETRY_DELAYS,
      allowPrivate: e.KASSA_WEBHOOK_ALLOW_PRIVATE === '1',
      concurrency: e.KASSA_WEBHOOK_CONCURRENCY,
      storeConcurrency: e.KASSA_WEBHOOK_STORE_CONCURRENCY,
      pollMs: e.KASSA_WEBHOOK_POLL_MS,
    },
    operatorToken: e.KASSA_OPERATOR_TOKEN,
  }
}
