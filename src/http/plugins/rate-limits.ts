import type { FastifyInstance } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'

/**
 * Counters that every instance serving one database sees (db/repositories/rate-limit-repository.ts
 * on PostgreSQL). `hit` counts one request of `key` in a fixed window of `windowMs` that its
 * first hit opened, atomically across instances.
 */
export interface RateLimitCounters {
  hit(key: string, windowMs: number, now: number): Promise<{ hits: number; windowEndsAt: number }>
  purgeExpired(now: number): Promise<number>
}

/** How often ended windows are purged; each instance tries at most this often. */
const PURGE_EVERY_MS = 60_000

/** The 429 a limit answers; the error handlers turn it into RATE_LIMITED (error-envelope.ts). */
export function tooManyRequests(ttlMs: number): { statusCode: 429; message: string } {
  return { statusCode: 429, message: `Too many requests; retry in ${Math.ceil(ttlMs / 1000)} s.` }
}

/**
 * Registers @fastify/rate-limit for the routes that opt in (`config.rateLimit`,
 * `app.createRateLimit`). With `counters`, every limit counts in them, so two instances on one
 * PostgreSQL database share each limit instead of doubling it (issue 16, defect 8); without,
 * the plugin's in-memory store counts, which is right for SQLite's single instance.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  counters: RateLimitCounters | undefined,
  allow: readonly string[] = [],
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(allow.length > 0 && { allowList: allowedClients(allow) }),
    errorResponseBuilder: (_req, ctx) => tooManyRequests(ctx.ttl),
    ...(counters === undefined ? {} : { store: sharedStore(counters, Date.now) }),
  })
}

/**
 * The plugin's allowList as a function of the client's address: its own list form compares
 * the whole key, which a limit's groupId extends. An IPv4 client of a dual-stack socket
 * appears as ::ffff:a.b.c.d and matches a.b.c.d.
 */
export function allowedClients(allow: readonly string[]): (req: { ip: string }) => boolean {
  const set = new Set(allow)
  return (req) => set.has(req.ip) || (req.ip.startsWith('::ffff:') && set.has(req.ip.slice(7)))
}

/** What the plugin passes to `child`: a route's merged limit options. */
interface LimitOptions {
  groupId?: string
  routeInfo?: { method?: string | string[]; url?: string }
}

/**
 * A store class for @fastify/rate-limit over shared counters. The plugin makes one child per
 * limit (a route's `config.rateLimit`, or each `createRateLimit`); each child prefixes its keys
 * with the limit's name (`groupId`, else method and URL) so limits that count the same client
 * address stay apart, as the in-memory store's separate maps keep them. The plugin's
 * `continueExceeding` and `exponentialBackoff` are not supported (Kassa uses neither).
 */
export function sharedStore(counters: RateLimitCounters, now: () => number): FastifyRateLimitStoreCtor {
  let lastPurge = 0
  class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string

    constructor(_options: unknown, prefix = '') {
      this.#prefix = prefix
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      const t = now()
      if (t - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = t
        // Best effort: a failed purge leaves rows for the next one, and never fails a request.
        counters.purgeExpired(t).catch(() => undefined)
      }
      counters.hit(counterKey(this.#prefix + key), timeWindow ?? 60_000, t).then(
        (h) => callback(null, { current: h.hits, ttl: Math.max(0, h.windowEndsAt - t) }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      )
    }

    child(routeOptions: object): FastifyRateLimitStore {
      const o = routeOptions as LimitOptions
      const route = o.routeInfo?.url === undefined ? undefined : `${String(o.routeInfo.method)} ${o.routeInfo.url}`
      const name = o.groupId ?? route
      // Without a name, two limits would count in one counter: refuse at start-up instead.
      if (name === undefined) throw new Error('a shared rate limit needs a groupId')
      return new SharedRateLimitStore(undefined, `${name}|`)
    }
  }
  return SharedRateLimitStore
}

/**
 * A key as database text: a client's key may hold what a PostgreSQL text column refuses (a NUL
 * from `/link/%00`, a lone surrogate), so control characters and lone surrogates are escaped as
 * JSON escapes them; distinct keys stay distinct.
 */
function counterKey(key: string): string {
  return JSON.stringify(key).slice(1, -1)
}
