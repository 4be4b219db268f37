import { isIP } from 'node:net'
import * as z from 'zod'
import { ConfigError } from './config-error.js'
import { loadEvmNetworksFile } from './evm-networks.js'
import type { EvmNetworkConfig } from './evm-networks.js'
import { loadTronNetworksFile } from './tron-networks.js'
import { loadBitcoinNetworksFile } from './bitcoin-networks.js'
import type { BitcoinNetworkConfig } from './bitcoin-networks.js'
import type { TronNetworkConfig } from './tron-networks.js'
import { DEFAULT_RETRY_DELAYS_MS, parseDelays } from '../domain/webhooks/retry-schedule.js'
import type { RetentionPolicy } from '../domain/retention/retention-policy.js'

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
  KASSA_TRON_NETWORKS_FILE: optionalText,
  KASSA_BITCOIN_NETWORKS_FILE: optionalText,
  KASSA_PAYOUT_INTERVAL_MS: intFromEnv('KASSA_PAYOUT_INTERVAL_MS', 2000, 10, 600_000),
  KASSA_PUBLIC_AMOUNT_SLOTS: intFromEnv('KASSA_PUBLIC_AMOUNT_SLOTS', 20, 1, 9999),
  KASSA_HTTP_HEADERS_TIMEOUT_MS: intFromEnv('KASSA_HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
  KASSA_HTTP_REQUEST_TIMEOUT_MS: intFromEnv('KASSA_HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
  KASSA_HTTP_KEEP_ALIVE_TIMEOUT_MS: intFromEnv('KASSA_HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
  KASSA_HTTP_IDLE_TIMEOUT_MS: intFromEnv('KASSA_HTTP_IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
  KASSA_RATE_LIMIT_ALLOW: optionalText.transform((v, ctx) => {
    const list = v === undefined ? [] : v.split(',').map((a) => a.trim())
    const bad = list.filter((a) => isIP(a) === 0)
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `KASSA_RATE_LIMIT_ALLOW must be comma-separated IP addresses; not: ${bad.join(', ')}` })
      return z.NEVER
    }
    return list
  }),
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
  KASSA_SWAP_QUOTAS: z
    .string()
    .default('standard=10000')
    .transform((v, ctx) => {
      const quotas: Record<string, number> = {}
      for (const part of v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([a-z0-9_-]+)=(\d{1,9})$/.exec(part)
        if (!m) {
          ctx.addIssue({ code: 'custom', message: 'KASSA_SWAP_QUOTAS must look like standard=10000,pro=100000' })
          return z.NEVER
        }
        quotas[m[1]!] = Number(m[2])
      }
      if (!Object.hasOwn(quotas, 'standard')) quotas.standard = 10_000
      return quotas
    }),
  KASSA_SWAP_MAINTENANCE: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    ),
  KASSA_SWAP_SIGNATURE_KEY: optionalText,
  // Retention (docs/OPERATIONS.md): 0 keeps that table's rows forever.
  KASSA_RETENTION_IDEMPOTENCY_HOURS: intFromEnv('KASSA_RETENTION_IDEMPOTENCY_HOURS', 24, 0, 876_000),
  KASSA_RETENTION_SELECTION_DAYS: intFromEnv('KASSA_RETENTION_SELECTION_DAYS', 7, 0, 36_500),
  KASSA_RETENTION_SIM_BLOCKS: intFromEnv('KASSA_RETENTION_SIM_BLOCKS', 10_000, 0, 1_000_000_000),
  KASSA_RETENTION_WEBHOOK_ATTEMPT_DAYS: intFromEnv('KASSA_RETENTION_WEBHOOK_ATTEMPT_DAYS', 30, 0, 36_500),
  KASSA_RETENTION_WEBHOOK_EVENT_DAYS: intFromEnv('KASSA_RETENTION_WEBHOOK_EVENT_DAYS', 90, 0, 36_500),
  KASSA_RETENTION_BATCH: intFromEnv('KASSA_RETENTION_BATCH', 1000, 1, 100_000),
  KASSA_RETENTION_INTERVAL_SECONDS: intFromEnv('KASSA_RETENTION_INTERVAL_SECONDS', 600, 1, 86_400),
  KASSA_SWAP_AUDIT_DAYS: intFromEnv('KASSA_SWAP_AUDIT_DAYS', 365, 1, 36_500),
  KASSA_SWAP_EXCHANGE_FEE: z
    .string()
    .default('0.50')
    .refine((v) => /^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) <= 3, {
      message: 'KASSA_SWAP_EXCHANGE_FEE must be a percent with at most 2 decimals, at most 3.00',
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
  http: HttpTimeouts
  /**
   * Client addresses the public rate limits do not count (KASSA_RATE_LIMIT_ALLOW): a monitor,
   * an internal service, or a load test on this machine. Compared with the socket's address.
   */
  rateLimitAllow: string[]
  /** Real EVM networks (KASSA_EVM_NETWORKS_FILE); none: only the simulated networks. */
  evmNetworks: EvmNetworkConfig[]
  /** Real TRON networks (KASSA_TRON_NETWORKS_FILE). */
  tronNetworks: TronNetworkConfig[]
  /** Real Bitcoin and Litecoin networks (KASSA_BITCOIN_NETWORKS_FILE). */
  bitcoinNetworks: BitcoinNetworkConfig[]
  /** How often the payout engine signs, sends and follows payouts and sweeps. */
  payoutIntervalMs: number
  webhooks: WebhookConfig
  /** Bearer token of the operator routes (/operator/v1); undefined: those routes do not exist. */
  operatorToken: string | undefined
  /** Which rows are purged when (issue 16 defect 9; docs/OPERATIONS.md "Retention"). */
  retention: RetentionPolicy & {
    /** How often the retention job runs (default 10 min); one instance runs it at a time. */
    intervalMs: number
  }
  swap: {
    /** Daily request quota per Swap API key, by plan; `standard` always exists. */
    quotas: Record<string, number>
    /** `coin/network` pairs switched off (`maintenance: 1`), e.g. `btc/btc`. */
    maintenance: string[]
    /** base64 of 32 bytes sealing `signature_text`; unset: derived from the master key. */
    signatureKey: string | undefined
    /** How long the operator's audit record of an order is kept. */
    auditDays: number
    /** Exchange orders' site default fee in percent (the seed's rule then bounds it to 0.50–3.00). */
    exchangeDefaultFee: string
  }
}

/**
 * How long a client may take, so that half-sent requests cannot hold sockets forever
 * (slowloris). Node checks the headers and request deadlines on a timer, not per byte: a
 * socket is closed at most a quarter of the shorter deadline (at most 1 s) after it passes.
 */
export interface HttpTimeouts {
  /** The whole header block must arrive within this (Node `headersTimeout`; default 10 s). */
  headersTimeoutMs: number
  /** The whole request, headers and body, within this (Node `requestTimeout`; default 30 s); at least headersTimeoutMs. */
  requestTimeoutMs: number
  /**
   * An idle kept-alive socket is closed after this (default 72 s, Fastify's: longer than the
   * 60 s idle timeout of common load balancers, which must close first or see a reset).
   */
  keepAliveTimeoutMs: number
  /** A socket with no traffic either way for this long is closed (Fastify `connectionTimeout`; default 60 s, above the 15 s ping of payment event streams). */
  idleTimeoutMs: number
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
  // Node refuses to start a server whose header deadline is past its request deadline.
  if (e.KASSA_HTTP_HEADERS_TIMEOUT_MS > e.KASSA_HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration:\n  KASSA_HTTP_HEADERS_TIMEOUT_MS must not be larger than KASSA_HTTP_REQUEST_TIMEOUT_MS')
  }
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
    http: {
      headersTimeoutMs: e.KASSA_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.KASSA_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KASSA_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: e.KASSA_HTTP_IDLE_TIMEOUT_MS,
    },
    rateLimitAllow: e.KASSA_RATE_LIMIT_ALLOW,
    evmNetworks: e.KASSA_EVM_NETWORKS_FILE ? loadEvmNetworksFile(e.KASSA_EVM_NETWORKS_FILE) : [],
    tronNetworks: e.KASSA_TRON_NETWORKS_FILE ? loadTronNetworksFile(e.KASSA_TRON_NETWORKS_FILE) : [],
    bitcoinNetworks: e.KASSA_BITCOIN_NETWORKS_FILE ? loadBitcoinNetworksFile(e.KASSA_BITCOIN_NETWORKS_FILE) : [],
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
    retention: {
      idempotencyMs: e.KASSA_RETENTION_IDEMPOTENCY_HOURS * 3_600_000,
      selectionMs: e.KASSA_RETENTION_SELECTION_DAYS * 86_400_000,
      simBlocks: e.KASSA_RETENTION_SIM_BLOCKS,
      webhookAttemptMs: e.KASSA_RETENTION_WEBHOOK_ATTEMPT_DAYS * 86_400_000,
      webhookEventMs: e.KASSA_RETENTION_WEBHOOK_EVENT_DAYS * 86_400_000,
      batchSize: e.KASSA_RETENTION_BATCH,
      maxBatchesPerRun: 100,
      intervalMs: e.KASSA_RETENTION_INTERVAL_SECONDS * 1000,
    },
    swap: {
      quotas: e.KASSA_SWAP_QUOTAS,
      maintenance: e.KASSA_SWAP_MAINTENANCE,
      signatureKey: e.KASSA_SWAP_SIGNATURE_KEY,
      auditDays: e.KASSA_SWAP_AUDIT_DAYS,
      exchangeDefaultFee: e.KASSA_SWAP_EXCHANGE_FEE,
    },
  }
}
