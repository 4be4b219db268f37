import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { Kassa } from '../../src/app/kassa.js'
import { httpAppDeps } from '../../src/app/route-deps.js'
import { loadConfig } from '../../src/config/index.js'
import type { KassaConfig } from '../../src/config/index.js'
import { parseStoreCurrencies } from '../../src/domain/stores/store.js'
import { buildHttpApp } from '../../src/http/app.js'
import type { CreateStoreParams } from '../../src/services/store-service.js'
import { ManualClock } from './clock.js'
import type { TestDatabase, TestDialect } from './databases.js'
import { signedRequest } from './signed-client.js'
import type { JsonResponse, SignedRequestOptions, StoreCredentials } from './signed-client.js'

export interface TestKassa {
  kassa: Kassa
  app: FastifyInstance
  /** http://127.0.0.1:<port> of the real listening server. */
  baseUrl: string
  clock: ManualClock
  database: TestDatabase
  createStore(currencies: string, extra?: Partial<CreateStoreParams>): Promise<StoreCredentials>
  /** A signed Merchant API request, timestamped by the test clock. */
  request(creds: StoreCredentials, method: 'GET' | 'POST', path: string, body?: unknown, opts?: SignedRequestOptions): Promise<JsonResponse>
  close(): Promise<void>
}

/**
 * A Kassa on a real listening port over a fresh database of the given dialect, with a manual
 * clock and no background loops: tests drive the watchers with `kassa.runWorkersOnce()`.
 */
export async function startTestKassa(
  dialect: TestDialect,
  overrides: { env?: Record<string, string>; config?: Partial<KassaConfig> } = {},
  /** Reopen over this database (a restart); `close()` then leaves it for the caller to drop. */
  existing?: TestDatabase,
): Promise<TestKassa> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-test-'))
  const config = { ...loadConfig({ KASSA_DATA_DIR: dataDir, PORT: '0', ...overrides.env }), ...overrides.config }
  const database = existing ?? (await dialect.open())
  const clock = new ManualClock(Date.now())
  // A POST is accepted once per signature (docs/API.md "Replays"), and the manual clock stands
  // still: a test sending the same POST twice signs the second a second earlier, as a real
  // client signing it later would get a new timestamp. Tests of replays pass `timestamp`.
  const signedAt = new Set<string>()
  const freshTimestamp = (apiKey: string, method: string, path: string, body: string): number => {
    let timestamp = Math.floor(clock.now() / 1000)
    if (method === 'GET') return timestamp
    while (signedAt.has(`${apiKey} ${timestamp} ${method} ${path} ${body}`)) timestamp--
    signedAt.add(`${apiKey} ${timestamp} ${method} ${path} ${body}`)
    return timestamp
  }
  const kassa = await Kassa.open({ config, now: clock.now, logger: pino({ level: 'silent' }), database: database.handle })
  const app = await buildHttpApp(httpAppDeps(kassa), { docs: true })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    kassa,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    database,
    async createStore(currencies, extra = {}) {
      const r = await kassa.stores.createStore({ name: 'Test shop', currencies: parseStoreCurrencies(currencies), ...extra })
      return { storeId: r.store.id, apiKey: r.store.apiKey, apiSecret: r.apiSecret, webhookSecret: r.webhookSecret }
    },
    request(creds, method, path, body, opts = {}) {
      const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      return signedRequest(`http://127.0.0.1:${port}`, creds, method, path, text, {
        timestamp: freshTimestamp(creds.apiKey, method, path, text ?? ''),
        ...opts,
      })
    },
    async close() {
      await app.close()
      await kassa.close()
      if (!existing) await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
